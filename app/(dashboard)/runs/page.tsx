import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage() {
  await requireUser("runs:read_own");
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every workflow run, kept on the server and visible from any device."
      />
      <EmptyState title="Nothing to show here yet">
        The run history view is not built yet. Runs are already stored in the database, including the demo
        history.
      </EmptyState>
    </>
  );
}
