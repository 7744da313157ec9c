import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Start AI Workflow" };

export default async function StartPage() {
  await requireUser("runs:start");
  return (
    <>
      <PageHeader
        title="Start AI Workflow"
        description="Pick a job description and a batch of resumes, then start a matching run that the server executes and records."
      />
      <EmptyState title="Nothing to show here yet">
        Starting runs from this page arrives with the dashboard. Runs can already be recorded through the
        database and, soon, the API.
      </EmptyState>
    </>
  );
}
