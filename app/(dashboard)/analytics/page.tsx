import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  await requireUser("analytics:read");
  return (
    <>
      <PageHeader title="Analytics" description="Channel performance, node statistics and failed steps." />
      <EmptyState title="Nothing to show here yet">
        Charts are not built yet; the database views behind them exist.
      </EmptyState>
    </>
  );
}
