import { dehydrate } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { Hydrated } from "@/components/admin/hydrate";
import { detailPath, workflowKeys } from "@/components/workflows/queries";
import { WorkflowHeader } from "@/components/workflows/workflow-header";
import { getDb } from "@/db/client";
import { findWorkflow, workflowDetail } from "@/db/queries/workflows";
import { withTenant } from "@/db/tenant";
import { presentWorkflow } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export default async function WorkflowLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ workflowId: string }>;
}) {
  const user = await requireUser("workflows:read");
  const { workflowId } = await params;
  const detail = await withTenant(getDb().db, user.orgId, async (tx) => {
    const workflow = await findWorkflow(tx, user.orgId, workflowId);
    if (!workflow || (workflow.isDeleted && user.role !== "admin")) return null;
    return workflowDetail(tx, workflow);
  });
  if (!detail) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(workflowKeys.detail(workflowId), presentWorkflow(detail));
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <WorkflowHeader
        workflowId={workflowId}
        detailPath={detailPath(workflowId, user.role)}
        canWrite={can(user.role, "workflows:write")}
        canReadLinked={can(user.role, "interviews:read") && can(user.role, "todos:read")}
      />
      {children}
    </Hydrated>
  );
}
