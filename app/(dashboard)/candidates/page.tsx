import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Candidates" };

export default async function CandidatesPage() {
  await requireUser("resumes:read");
  return (
    <>
      <PageHeader title="Candidates" description="Uploaded resumes and their parsed details." />
      <EmptyState title="Nothing to show here yet">The candidate list is not built yet.</EmptyState>
    </>
  );
}
