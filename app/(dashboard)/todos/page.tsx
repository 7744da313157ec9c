import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Todos" };

export default async function TodosPage() {
  await requireUser("todos:read");
  return (
    <>
      <PageHeader title="Todos" description="Follow-ups linked to workflows and runs." />
      <EmptyState title="Nothing to show here yet">The todo list is not built yet.</EmptyState>
    </>
  );
}
