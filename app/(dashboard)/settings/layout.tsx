import type { TabLink } from "@/components/ui/admin-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

/** Settings: everyone manages their API tokens; admins also users, the audit log and the organization. */
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("tokens:manage_own");
  const tabs: TabLink[] = [{ href: "/settings", label: "API tokens", exact: true }];
  if (can(user.role, "users:manage")) tabs.push({ href: "/settings/users", label: "Users & roles" });
  if (can(user.role, "audit:read")) tabs.push({ href: "/settings/audit", label: "Audit log" });
  if (can(user.role, "settings:manage"))
    tabs.push({ href: "/settings/organization", label: "Organization & retention" });
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          tabs.length > 1
            ? "API tokens, people and roles, the audit log, and how long execution history is kept."
            : "API tokens for scripts and executors that call Runledger on your behalf."
        }
      />
      {tabs.length > 1 ? <SettingsTabs tabs={tabs} /> : null}
      {children}
    </>
  );
}
