import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  await requireUser("jobs:read");
  return (
    <>
      <PageHeader title="Jobs" description="Job descriptions that runs match resumes against." />
      <EmptyState title="Nothing to show here yet">Job management is not built yet.</EmptyState>
    </>
  );
}
