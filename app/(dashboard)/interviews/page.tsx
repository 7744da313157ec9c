import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Interviews" };

export default async function InterviewsPage() {
  await requireUser("interviews:read");
  return (
    <>
      <PageHeader title="Interviews" description="Interviews linked to workflows and runs." />
      <EmptyState title="Nothing to show here yet">The interview list is not built yet.</EmptyState>
    </>
  );
}
