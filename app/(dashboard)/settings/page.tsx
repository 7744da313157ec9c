import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireUser("tokens:manage_own");
  return (
    <>
      <PageHeader title="Settings" description="API tokens, users, retention and audit log." />
      <EmptyState title="Nothing to show here yet">
        Settings pages are not built yet. API tokens can be managed through /api/tokens.
      </EmptyState>
    </>
  );
}
