import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  await requireUser("workflows:read");
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Workflow definitions: ordered nodes, approvals, delays, retries and channels."
      />
      <EmptyState title="Nothing to show here yet">The workflow editor is not built yet.</EmptyState>
    </>
  );
}
