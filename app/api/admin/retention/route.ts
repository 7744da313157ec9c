import { getDb } from "@/db/client";
import { withApi } from "@/lib/api/handler";
import { cleanupOrganization } from "@/lib/engine/retention";

/**
 * Applies the organization's retention now: deletes finished runs older than
 * its retention days (with their steps, approvals and matches), expired cache
 * entries and idempotency keys, and reports the counts. Audited.
 */
export const POST = withApi({ permission: "retention:run" }, async ({ principal }) => {
  const report = await cleanupOrganization(getDb().db, principal.orgId, { userId: principal.userId });
  return { success: true, ...report };
});
