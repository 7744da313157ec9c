import type { Metadata } from "next";
import { detailPath } from "@/components/workflows/queries";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Workflow" };

export default async function WorkflowDefinitionPage({
  params,
}: {
  params: Promise<{ workflowId: string }>;
}) {
  const user = await requireUser("workflows:read");
  const { workflowId } = await params;
  return (
    <WorkflowEditor
      workflowId={workflowId}
      detailPath={detailPath(workflowId, user.role)}
      readOnly={!can(user.role, "workflows:write")}
      pickApprovers={can(user.role, "users:manage")}
    />
  );
}
