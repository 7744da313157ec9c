import { getDb } from "@/db/client";
import { withApi } from "@/lib/api/handler";
import { cleanupOrganization, RECENTLY_RECORDED_DAYS, retentionPreview } from "@/lib/engine/retention";
import { retentionPreviewQuery } from "./schema";

/**
 * What a retention of `days` would delete now: the number of finished runs older than that, not
 * recorded in the last 30 days. The settings page shows it before the admin saves the retention.
 */
export const GET = withApi(
  { permission: "retention:run", query: retentionPreviewQuery },
  async ({ query, tenant }) => ({
    days: query.days,
    runs: await tenant((tx) => retentionPreview(tx, query.days)),
    recently_recorded_days: RECENTLY_RECORDED_DAYS,
  }),
);

/**
 * Applies the organization's retention now: deletes finished runs older than
 * its retention days (with their steps, approvals and matches), expired cache
 * entries and idempotency keys, and reports the counts. Audited. With no
 * retention set (the default) no run is deleted.
 */
export const POST = withApi({ permission: "retention:run" }, async ({ principal }) => {
  const report = await cleanupOrganization(getDb().db, principal.orgId, { userId: principal.userId });
  return { success: true, ...report };
});
