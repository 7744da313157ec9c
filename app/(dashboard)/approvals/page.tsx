import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requireUser("runs:approve");
  return (
    <>
      <PageHeader title="Approvals" description="Steps waiting for your decision." />
      <EmptyState title="Nothing to show here yet">The approvals inbox is not built yet.</EmptyState>
    </>
  );
}
