import "server-only";
import { and, inArray, lt, sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { cacheState, idempotencyKeys, organizations, workflowRunSteps, workflowRuns } from "@/db/schema";
import { asWorker, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";

export type RetentionReport = {
  org_id: string;
  /** null: the organization keeps its history; only expired cache entries and keys are removed. */
  retention_days: number | null;
  runs: number;
  steps: number;
  cache_entries: number;
  idempotency_keys: number;
};

const BATCH = 500;
/** A run the ledger recorded within this many days is never deleted, whatever its own dates (imports). */
export const RECENTLY_RECORDED_DAYS = 30;
const FINISHED = ["completed", "failed", "cancelled", "timeout"] as const;

/** The finished runs a retention of `days` would delete: older than it, and not recorded recently. */
function expired(days: number) {
  return and(
    lt(workflowRuns.createdAt, sql`now() - ${`${days} days`}::interval`),
    lt(workflowRuns.recordedAt, sql`now() - ${`${RECENTLY_RECORDED_DAYS} days`}::interval`),
    inArray(workflowRuns.status, [...FINISHED]),
  );
}

/** How many runs a retention of `days` would delete now (what the admin sees before saving it). */
export async function retentionPreview(tx: Tx, days: number): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(workflowRuns).where(expired(days));
  return row?.n ?? 0;
}

/**
 * Deletes one organization's execution data older than its retention (runs,
 * and with them their steps, approvals, match results and webhook deliveries),
 * in batches so no transaction holds locks for long; also expired cache
 * entries and idempotency keys. Only finished runs are deleted, never one
 * recorded in the last RECENTLY_RECORDED_DAYS, and none at all when the
 * organization keeps its history (retention_days null, the default).
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
      retention_days: org?.days ?? null,
      runs: 0,
      steps: 0,
      cache_entries: 0,
      idempotency_keys: 0,
    };
  });
  const days = report.retention_days;
  for (; days !== null; ) {
    const deleted = await withTenant(db, orgId, async (tx) => {
      const ids = (
        await tx.select({ id: workflowRuns.id }).from(workflowRuns).where(expired(days)).limit(BATCH)
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
