import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New workflow" };

export default async function NewWorkflowPage() {
  const user = await requireUser("workflows:write");
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/workflows" className="hover:underline">
            ← Workflows
          </Link>
        }
        title="New workflow"
        description="Define the nodes a run goes through, in order. It is saved as version 1; every later save is a new version."
      />
      <WorkflowEditor readOnly={false} pickApprovers={can(user.role, "users:manage")} />
    </>
  );
}
