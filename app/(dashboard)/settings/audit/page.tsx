import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { prefetchOrgUsers } from "@/components/admin/users-server";
import { AuditClient } from "@/components/settings/audit-client";
import {
  AUDIT_PAGE_SIZE,
  type AuditFilters,
  type AuditPage,
  auditFilterNames,
  auditKey,
  endOfDay,
} from "@/components/settings/queries";
import { getDb } from "@/db/client";
import { listAudit } from "@/db/queries/audit";
import { isUuid } from "@/db/queries/paging";
import { withTenant } from "@/db/tenant";
import { presentAuditEntry } from "@/lib/api/presenters-resources";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Audit log" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ACTION = /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/;

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("audit:read");
  const sp = await searchParams;
  const f = Object.fromEntries(auditFilterNames.map((n) => [n, first(sp[n])])) as AuditFilters;
  // filters the API would refuse are left to the client, which shows the API's message
  const valid =
    (!f.action || ACTION.test(f.action)) &&
    (!f.user_id || isUuid(f.user_id)) &&
    (!f.from || DAY.test(f.from)) &&
    (!f.to || DAY.test(f.to)) &&
    (!f.success || f.success === "true" || f.success === "false");
  const queryClient = makeQueryClient();
  await withTenant(getDb().db, user.orgId, async (tx) => {
    await prefetchOrgUsers(tx, queryClient, user.orgId);
    if (!valid) return;
    const page = await listAudit(
      tx,
      {
        orgId: user.orgId,
        action: f.action || undefined,
        resourceType: f.resource_type || undefined,
        resourceId: f.resource_id || undefined,
        userId: f.user_id || undefined,
        from: f.from ? new Date(f.from) : undefined,
        to: f.to ? new Date(endOfDay(f.to)) : undefined,
        success: f.success ? f.success === "true" : undefined,
      },
      { limit: AUDIT_PAGE_SIZE },
    );
    const data: AuditPage = {
      entries: page.rows.map(presentAuditEntry),
      total: page.total,
      next_cursor: page.nextCursor,
    };
    queryClient.setQueryData(auditKey(f), { pages: [data], pageParams: [null] });
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <AuditClient />
    </Hydrated>
  );
}
