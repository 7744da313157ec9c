import "server-only";
import { and, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { cacheState, idempotencyKeys, organizations, workflowRunSteps, workflowRuns } from "@/db/schema";
import { asWorker, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";

export type RetentionReport = {
  org_id: string;
  retention_days: number;
  runs: number;
  steps: number;
  cache_entries: number;
  idempotency_keys: number;
};

const BATCH = 500;

/**
 * Deletes one organization's execution data older than its retention (runs,
 * and with them their steps, approvals, match results and webhook deliveries),
 * in batches so no transaction holds locks for long; also expired cache
 * entries and idempotency keys. Only finished runs are deleted.
 */
export async function cleanupOrganization(
  db: Database,
  orgId: string,
  actor: { userId: string | null } = { userId: null },
): Promise<RetentionReport> {
  const report = await withTenant(db, orgId, async (tx) => {
    const [org] = await tx.select({ days: organizations.retentionDays }).from(organizations);
    return {
      org_id: orgId,
      retention_days: org?.days ?? 365,
      runs: 0,
      steps: 0,
      cache_entries: 0,
      idempotency_keys: 0,
    };
  });
  const cutoff = sql`now() - ${`${report.retention_days} days`}::interval`;
  for (;;) {
    const deleted = await withTenant(db, orgId, async (tx) => {
      const ids = (
        await tx
          .select({ id: workflowRuns.id })
          .from(workflowRuns)
          .where(
            and(
              lt(workflowRuns.createdAt, cutoff),
              inArray(workflowRuns.status, ["completed", "failed", "cancelled", "timeout"]),
            ),
          )
          .limit(BATCH)
      ).map((r) => r.id);
      if (!ids.length) return 0;
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(workflowRunSteps)
        .where(inArray(workflowRunSteps.runId, ids));
      await tx.delete(workflowRuns).where(inArray(workflowRuns.id, ids));
      report.steps += n;
      report.runs += ids.length;
      return ids.length;
    });
    if (deleted < BATCH) break;
  }
  await withTenant(db, orgId, async (tx) => {
    report.cache_entries = (
      await tx.delete(cacheState).where(lt(cacheState.expiresAt, sql`now()`)).returning({ id: cacheState.id })
    ).length;
    report.idempotency_keys = (
      await tx
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.expiresAt, sql`now()`))
        .returning({ id: idempotencyKeys.id })
    ).length;
    await audit(
      tx,
      { orgId, userId: actor.userId },
      { action: "retention.cleanup", resourceType: "organization", resourceId: orgId, details: report },
    );
  });
  return report;
}

/** The worker's daily pass over every organization. */
export async function cleanupAllOrganizations(db: Database): Promise<RetentionReport[]> {
  const orgs = await asWorker(db, (tx) => tx.select({ id: organizations.id }).from(organizations));
  const reports: RetentionReport[] = [];
  for (const o of orgs) reports.push(await cleanupOrganization(db, o.id));
  return reports;
}
