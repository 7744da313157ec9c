import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { prefetchWorkflowOptions } from "@/components/admin/workflow-options-server";
import { OrganizationClient } from "@/components/settings/organization-client";
import { settingsKey } from "@/components/settings/queries";
import { getDb } from "@/db/client";
import { findOrganization } from "@/db/queries/settings";
import { withTenant } from "@/db/tenant";
import { presentSettings } from "@/lib/api/presenters-resources";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage() {
  const user = await requireUser("settings:manage");
  const queryClient = makeQueryClient();
  await withTenant(getDb().db, user.orgId, async (tx) => {
    const org = await findOrganization(tx, user.orgId);
    if (org) queryClient.setQueryData(settingsKey, presentSettings(org));
    await prefetchWorkflowOptions(tx, queryClient, user.orgId, false);
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <OrganizationClient />
    </Hydrated>
  );
}
