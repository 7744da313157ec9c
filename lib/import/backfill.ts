import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { organizations } from "@/db/schema";
import { CHANNEL } from "@/lib/engine/notify";
import { asAuth, withTenant } from "@/db/tenant";

/**
 * Backfill of the node configuration copied onto run steps (seed 000's backfill_execution_records).
 *
 * The copied columns are NOT NULL with the seed's fallbacks as defaults, so "missing" cannot mean
 * NULL. It means, precisely:
 *
 * - step_name = 'Unknown Step', step_type = 'unknown' or order_number = 0 while the step's node
 *   has a different (real) value: that field is filled from the node. A real copy never writes
 *   these values unless the node itself held them.
 * - a step holding all three fallbacks at once was never copied at all (rows written before
 *   copying existed): it also gets the rest of the node's configuration — description, auto_start,
 *   approval settings, approvers, delay, retries, timeout, config, io schema — wherever the step
 *   still holds the column default. On a step that was copied, those defaults are real values
 *   (auto_start false, no approvers …) and a later edit of the node must never rewrite a run's
 *   history, so they are left alone.
 *
 * Counts: `scanned` every step of the organization; `updated` steps that had a field filled;
 * `fallback` steps that still hold a fallback and have no node to take it from (node deleted, or
 * an imported step); `already_complete` the rest. Running it again updates nothing.
 */
export type BackfillCounts = { scanned: number; updated: number; already_complete: number; fallback: number };

const UNCOPIED = sql.raw(`(s.step_name = 'Unknown Step' AND s.step_type = 'unknown' AND s.order_number = 0)`);

/** Fills one batch; returns the number of steps updated (0 when done). */
async function backfillBatch(db: Database, orgId: string, batch: number): Promise<number> {
  return withTenant(db, orgId, async (tx) => {
    const updated = await rows<{ run_id: string }>(
      tx,
      sql`
        WITH candidates AS (
          SELECT s.id
          FROM workflow_run_steps s
          JOIN workflow_nodes n ON n.id = s.node_id
          WHERE s.org_id = ${orgId}
            AND (
              (s.step_name = 'Unknown Step' AND n.step_name <> 'Unknown Step')
              OR (s.step_type = 'unknown' AND n.step_type <> 'unknown')
              OR (s.order_number = 0 AND n.order_number <> 0)
            )
          ORDER BY s.id
          LIMIT ${batch}
          FOR UPDATE OF s
        )
        UPDATE workflow_run_steps s SET
          step_name = CASE WHEN s.step_name = 'Unknown Step' THEN n.step_name ELSE s.step_name END,
          step_type = CASE WHEN s.step_type = 'unknown' THEN n.step_type ELSE s.step_type END,
          order_number = CASE WHEN s.order_number = 0 THEN n.order_number ELSE s.order_number END,
          step_description = CASE WHEN ${UNCOPIED} AND s.step_description IS NULL THEN n.step_description ELSE s.step_description END,
          auto_start = CASE WHEN ${UNCOPIED} AND NOT s.auto_start THEN n.auto_start ELSE s.auto_start END,
          required_human_approval = CASE WHEN ${UNCOPIED} AND NOT s.required_human_approval
            THEN n.required_human_approval ELSE s.required_human_approval END,
          number_of_approvals_needed = CASE WHEN ${UNCOPIED} AND s.number_of_approvals_needed IS NULL
            THEN CASE WHEN n.required_human_approval THEN coalesce(n.number_of_approvals_needed, 1) ELSE n.number_of_approvals_needed END
            ELSE s.number_of_approvals_needed END,
          approvers = CASE WHEN ${UNCOPIED} AND s.approvers = '[]'::jsonb THEN n.approvers ELSE s.approvers END,
          delay_in_seconds = CASE WHEN ${UNCOPIED} AND s.delay_in_seconds IS NULL THEN n.delay_in_seconds ELSE s.delay_in_seconds END,
          max_retries = CASE WHEN ${UNCOPIED} AND s.max_retries = 0 THEN n.max_retries ELSE s.max_retries END,
          timeout_seconds = CASE WHEN ${UNCOPIED} AND s.timeout_seconds IS NULL THEN n.timeout_seconds ELSE s.timeout_seconds END,
          node_config = CASE WHEN ${UNCOPIED} AND s.node_config = '{}'::jsonb THEN n.config ELSE s.node_config END,
          io_schema = CASE WHEN ${UNCOPIED} AND s.io_schema IS NULL THEN n.io_schema ELSE s.io_schema END,
          events = s.events || jsonb_build_array(jsonb_build_object(
            'type', 'step.backfilled',
            'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'data', jsonb_build_object('node_id', n.id)
          )),
          updated_at = now()
        FROM candidates c, workflow_nodes n
        WHERE s.id = c.id AND n.id = s.node_id
        RETURNING s.run_id`,
    );
    const runIds = [...new Set(updated.map((r) => r.run_id))];
    if (runIds.length) {
      // live views of unfinished runs show the filled names at once (delivered at commit)
      await tx.execute(sql`
        SELECT pg_notify(${CHANNEL}, json_build_object('k', 'run', 'runId', r.id, 'orgId', r.org_id)::text)
        FROM workflow_runs r
        WHERE r.id IN (${sql.join(
          runIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          AND r.status IN ('pending', 'active', 'waiting')`);
    }
    return updated.length;
  });
}

export async function backfillOrganization(
  db: Database,
  orgId: string,
  options: { batch?: number } = {},
): Promise<BackfillCounts> {
  const batch = options.batch ?? 1000;
  let updated = 0;
  for (;;) {
    const n = await backfillBatch(db, orgId, batch);
    updated += n;
    if (n < batch) break;
  }
  const [counts] = await withTenant(db, orgId, (tx) =>
    rows<{ scanned: number; fallback: number }>(
      tx,
      sql`
        SELECT count(*)::int AS scanned,
          (count(*) FILTER (
            WHERE (s.step_name = 'Unknown Step' OR s.step_type = 'unknown' OR s.order_number = 0)
              AND NOT EXISTS (SELECT 1 FROM workflow_nodes n WHERE n.id = s.node_id)
          ))::int AS fallback
        FROM workflow_run_steps s
        WHERE s.org_id = ${orgId}`,
    ),
  );
  const scanned = counts?.scanned ?? 0;
  const fallback = counts?.fallback ?? 0;
  return { scanned, updated, fallback, already_complete: Math.max(0, scanned - updated - fallback) };
}

export type BackfillReport = {
  organizations: { orgId: string; slug: string; counts: BackfillCounts }[];
  total: BackfillCounts;
};

/** Every organization (or the one with `orgSlug`), one tenant transaction per batch. */
export async function backfillAll(
  db: Database,
  options: { orgSlug?: string; batch?: number } = {},
): Promise<BackfillReport> {
  const orgs = await asAuth(db, (tx) =>
    tx
      .select({ id: organizations.id, slug: organizations.slug })
      .from(organizations)
      .where(options.orgSlug ? eq(organizations.slug, options.orgSlug) : undefined)
      .orderBy(asc(organizations.createdAt)),
  );
  const report: BackfillReport = {
    organizations: [],
    total: { scanned: 0, updated: 0, already_complete: 0, fallback: 0 },
  };
  for (const org of orgs) {
    const counts = await backfillOrganization(db, org.id, { batch: options.batch });
    report.organizations.push({ orgId: org.id, slug: org.slug, counts });
    for (const k of Object.keys(report.total) as (keyof BackfillCounts)[]) report.total[k] += counts[k];
  }
  return report;
}
