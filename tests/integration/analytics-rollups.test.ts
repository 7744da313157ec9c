import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import * as rollup from "@/db/queries/analytics";
import type { AnalyticsRange } from "@/db/queries/analytics";
import { compactAnalyticsRollups } from "@/db/queries/rollups";
import { type Channel, type RunStatus, type StepStatus, workflowRunSteps, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import * as naive from "../helpers/analytics-oracle";
import { describeDrivers, query } from "../helpers/db";
import { makeOrganization, makeRun, makeStep, makeWorkflow } from "../helpers/factories";

// Every rollup-backed read model equals the naive scan it replaced (tests/helpers/analytics-oracle.ts)
// on random runs and steps written the way the engine writes them: inserted open, then finished by
// status updates, then deleted, rerun, moved, corrected, with compaction at random points in between.

const day = (d: number, h = 0, m = 0) => new Date(Date.UTC(2024, 4, d, h, m));
const RANGES: AnalyticsRange[] = [
  { from: day(2), to: day(9) }, // whole days: rollups only
  { from: day(1, 7), to: day(8, 13, 30) }, // partial first and last days from the raw rows
  { from: day(4, 2), to: day(4, 20) }, // inside one day: raw rows only
  { from: day(-2), to: day(14), bucket: "week" },
  // whole months from the month rollups (0016): May by month, then by day with totals from May
  { from: new Date(Date.UTC(2024, 3, 1)), to: new Date(Date.UTC(2024, 6, 1)), bucket: "month" },
  { from: day(-2), to: new Date(Date.UTC(2024, 5, 1)) },
  // whole ISO weeks (Monday 6 May to Monday 13 May) from the week rollups (0016), the other days daily
  { from: day(1), to: day(13), bucket: "week" },
  { from: day(-1), to: day(13) }, // by day: only the whole-range totals read weeks
  { from: day(1, 7), to: day(13, 2), bucket: "week" }, // and partial days from the raw rows
  // partial days holding all of their day's rows (data spans day(-1) 00:00 to day(10) 23:59, by the
  // minute): read from the day's rollup, as a range ending now is
  { from: new Date(day(-1).getTime() + 1), to: new Date(day(11).getTime() - 1) },
  { from: day(6, 5), to: new Date(day(11).getTime() - 1) },
  { from: day(3, 20), to: day(4, 5) }, // across one midnight, no whole day: two partial days
  { from: day(10, 20), to: day(11, 5) }, // the same where the second day holds nothing
];

/** Durations with at most two significant digits, which the histogram holds exactly. */
const duration = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 99 }),
  fc.tuple(fc.integer({ min: 10, max: 99 }), fc.integer({ min: 1, max: 4 })).map(([d, e]) => d * 10 ** e),
);
const instant = fc
  .integer({ min: 0, max: 12 * 24 * 60 - 1 })
  .map((min) => new Date(day(-1).getTime() + min * 60_000));
const runStatus = fc.constantFrom<RunStatus>(
  "pending",
  "active",
  "waiting",
  "completed",
  "failed",
  "cancelled",
  "timeout",
);
const stepStatus = fc.constantFrom<StepStatus>(
  "pending",
  "queued",
  "scheduled",
  "completed",
  "failed",
  "timeout",
  "cancelled",
  "skipped",
);
const message = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 500, max: 504 }).map((n) => `LLM provider returned ${n}`),
  fc.constant(0).map(() => `Resume ${randomUUID()} could not be parsed`),
  fc.constantFrom("Timeout after 700 ms", "Timeout after 900 ms", "Rejected"),
);
const step = fc.record({
  stepType: fc.constantFrom("resume_extraction" as const, "hr_comparison" as const, "approval" as const),
  status: stepStatus,
  durationMs: duration,
  retryCount: fc.integer({ min: 0, max: 3 }),
  errorMessage: message,
  completedAt: fc.option(instant, { nil: null }),
  // carried over by a rerun from a later step (when completed or skipped): counted, never as executed
  carried: fc.boolean(),
});
const run = fc.record({
  createdAt: instant,
  channel: fc.constantFrom<Channel>("web", "voice", "efax"),
  workflow: fc.integer({ min: 0, max: 2 }),
  status: runStatus,
  durationMs: duration,
  llmModel: fc.constantFrom("gpt-4o-mini", "claude-sonnet", null),
  llmTokensUsed: fc.oneof(fc.constant(null), fc.constant(0), fc.integer({ min: 1, max: 5000 })),
  tier: fc.constantFrom(1, 2, 3, null),
  tierReason: fc.constantFrom("Rules", "LLM assist", "rules", null),
  steps: fc.array(step, { maxLength: 3 }),
});
type RunSpec = typeof run extends fc.Arbitrary<infer T> ? T : never;
const op = fc.oneof(
  fc.record({ kind: fc.constant("deleteRun" as const), i: fc.nat() }),
  fc.record({ kind: fc.constant("deleteStep" as const), i: fc.nat() }),
  fc.record({ kind: fc.constant("rerun" as const), i: fc.nat(), run }),
  fc.record({ kind: fc.constant("moveRun" as const), i: fc.nat(), createdAt: instant }),
  fc.record({
    kind: fc.constant("finishRun" as const),
    i: fc.nat(),
    status: runStatus,
    durationMs: duration,
  }),
  fc.record({
    kind: fc.constant("retouchStep" as const),
    i: fc.nat(),
    status: stepStatus,
    errorMessage: message,
    completedAt: fc.option(instant, { nil: null }),
  }),
  fc.record({ kind: fc.constant("compact" as const) }),
);

/** Inserts a run and its steps open, then finishes them with status updates, as the engine does. */
async function writeRun(tx: Tx, orgId: string, workflowIds: string[], spec: RunSpec, rerunOf?: string) {
  const made = await makeRun(tx, {
    orgId,
    workflowId: workflowIds[spec.workflow] ?? null,
    channel: spec.channel,
    status: "pending",
    createdAt: spec.createdAt,
    rerunOf: rerunOf ?? null,
  });
  for (const [index, s] of spec.steps.entries()) {
    // distinct names within a run, as the nodes of a workflow have
    const made_ = await makeStep(tx, {
      orgId,
      runId: made.id,
      stepNumber: index + 1,
      stepName: `${s.stepType} ${index + 1}`,
      stepType: s.stepType,
    });
    await tx
      .update(workflowRunSteps)
      .set({
        status: s.status,
        durationMs: s.durationMs,
        retryCount: s.retryCount,
        errorMessage: s.errorMessage,
        completedAt: s.completedAt,
        ...(s.carried && (s.status === "completed" || s.status === "skipped")
          ? {
              events: sql`${workflowRunSteps.events} || ${JSON.stringify([
                { type: "step.carried", timestamp: s.completedAt ?? spec.createdAt, data: {} },
              ])}::jsonb`,
            }
          : {}),
      })
      .where(eq(workflowRunSteps.id, made_.id));
  }
  await tx.update(workflowRuns).set({ status: "active" }).where(eq(workflowRuns.id, made.id));
  await tx
    .update(workflowRuns)
    .set({
      status: spec.status,
      durationMs: spec.durationMs,
      llmModel: spec.llmModel,
      llmTokensUsed: spec.llmTokensUsed,
      tier: spec.tier,
      tierReason: spec.tierReason,
    })
    .where(eq(workflowRuns.id, made.id));
  return made.id;
}

async function ids(tx: Tx, orgId: string, table: "workflow_runs" | "workflow_run_steps") {
  const found = await query<{ id: string }>(
    tx,
    sql`select id from ${sql.identifier(table)} where org_id = ${orgId} order by id`,
  );
  return found.map((r) => r.id);
}

/** Both read models over one range, the rollup-backed one first. */
async function both(tx: Tx, orgId: string, range: AnalyticsRange) {
  const read = async (m: typeof rollup | typeof naive) => {
    const failures = await m.failedStepsAnalysis(tx, orgId, range);
    const drill = [];
    for (const g of failures.groups) drill.push(await m.failureGroupRuns(tx, orgId, g.groupKey, range));
    return {
      overview: await m.analyticsOverview(tx, orgId, range),
      channels: await m.channelPerformance(tx, orgId, range),
      nodes: await m.nodeExecutionStats(tx, orgId, range),
      failures,
      drill,
      // equal run counts leave the naive order open: compare by workflow
      workflows: (await m.workflowExecutionSummary(tx, orgId, range)).sort((a, b) =>
        String(a.workflowId).localeCompare(String(b.workflowId)),
      ),
      llm: await m.llmTokenUsage(tx, orgId, range),
      tiers: await m.tierDistribution(tx, orgId, range),
    };
  };
  return [await read(rollup), await read(naive)] as const;
}

async function checkAll(db: Database, orgId: string) {
  for (const range of RANGES) {
    const [fromRollups, fromScan] = await withTenant(db, orgId, (tx) => both(tx, orgId, range));
    expect(fromRollups, `${range.from.toISOString()} – ${range.to.toISOString()}`).toEqual(fromScan);
  }
}

describeDrivers("analytics rollups", (ctx) => {
  it("every rollup-backed chart equals the naive query over the raw rows, through deletes, reruns and compaction", async () => {
    const { db } = ctx();
    await fc.assert(
      fc.asyncProperty(
        fc.array(run, { minLength: 1, maxLength: 12 }),
        fc.array(op, { maxLength: 8 }),
        async (runs, ops) => {
          const org = await makeOrganization(db);
          const orgId = org.id;
          await withTenant(db, orgId, async (tx) => {
            const workflowIds = [
              (await makeWorkflow(tx, { orgId, name: "Screening" })).id,
              (await makeWorkflow(tx, { orgId, name: "Intake" })).id,
            ];
            for (const spec of runs) await writeRun(tx, orgId, workflowIds, spec);
            for (const o of ops) {
              if (o.kind === "compact") continue;
              const runIds = await ids(tx, orgId, "workflow_runs");
              const stepIds = await ids(tx, orgId, "workflow_run_steps");
              const runId = runIds[o.i % Math.max(runIds.length, 1)];
              const stepId = stepIds[o.i % Math.max(stepIds.length, 1)];
              if (o.kind === "deleteRun" && runId)
                await tx.delete(workflowRuns).where(eq(workflowRuns.id, runId));
              if (o.kind === "deleteStep" && stepId)
                await tx.delete(workflowRunSteps).where(eq(workflowRunSteps.id, stepId));
              if (o.kind === "rerun" && runId) await writeRun(tx, orgId, workflowIds, o.run, runId);
              if (o.kind === "moveRun" && runId)
                await tx
                  .update(workflowRuns)
                  .set({ createdAt: o.createdAt })
                  .where(eq(workflowRuns.id, runId));
              if (o.kind === "finishRun" && runId)
                await tx
                  .update(workflowRuns)
                  .set({ status: o.status, durationMs: o.durationMs })
                  .where(eq(workflowRuns.id, runId));
              if (o.kind === "retouchStep" && stepId)
                await tx
                  .update(workflowRunSteps)
                  .set({ status: o.status, errorMessage: o.errorMessage, completedAt: o.completedAt })
                  .where(eq(workflowRunSteps.id, stepId));
            }
          });
          if (ops.some((o) => o.kind === "compact")) await compactAnalyticsRollups(db);
          await checkAll(db, orgId);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("compaction leaves one row per key and the same figures", async () => {
    const { db } = ctx();
    const org = await makeOrganization(db);
    const orgId = org.id;
    const specs = fc.sample(run, { numRuns: 20, seed: 9 });
    await withTenant(db, orgId, async (tx) => {
      const workflowId = (await makeWorkflow(tx, { orgId, name: "Screening" })).id;
      for (const spec of specs) await writeRun(tx, orgId, [workflowId], spec);
    });
    const deltas = async () =>
      (
        await query<{ n: number }>(
          db,
          sql`select count(*)::int as n from analytics_run_rollups where org_id = ${orgId} and not folded`,
        )
      )[0]!.n;
    expect(await deltas()).toBeGreaterThan(specs.length); // an insert and a finish per run at least
    const before = await withTenant(db, orgId, (tx) => rollup.channelPerformance(tx, orgId, RANGES[3]!));
    const nodesBefore = await withTenant(db, orgId, (tx) => rollup.nodeExecutionStats(tx, orgId, RANGES[3]!));
    expect(await compactAnalyticsRollups(db)).toBeGreaterThan(0);
    expect(await deltas()).toBe(0);
    const keys = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics_run_rollups where org_id = ${orgId}
          group by day, channel, workflow_id, status having count(*) > 1`,
    );
    expect(keys).toEqual([]);
    const zero = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics_run_rollups where org_id = ${orgId} and runs = 0
          and durations = 0 and duration_sum = 0`,
    );
    expect(zero[0]!.n).toBe(0);
    // duration histograms: each key's bins packed into one row, days, weeks and months alike (0017)
    const histogramKeys = await query<{ grain: string; rows: number; keys: number; one_bin: number }>(
      db,
      sql`select 'day' as grain, count(*)::int as rows, count(distinct (day, kind, dim))::int as keys,
                 count(*) filter (where bins is null or not folded)::int as one_bin
          from analytics_duration_rollups where org_id = ${orgId}
          union all
          select period, count(*)::int, count(distinct (start, kind, dim))::int,
                 count(*) filter (where bins is null or not folded)::int
          from analytics_duration_period_rollups where org_id = ${orgId} group by period`,
    );
    expect(histogramKeys.length).toBe(3);
    for (const h of histogramKeys) {
      expect(h.rows).toBeGreaterThan(0);
      expect(h).toEqual({ ...h, rows: h.keys, one_bin: 0 });
    }
    expect(await withTenant(db, orgId, (tx) => rollup.channelPerformance(tx, orgId, RANGES[3]!))).toEqual(
      before,
    );
    expect(await withTenant(db, orgId, (tx) => rollup.nodeExecutionStats(tx, orgId, RANGES[3]!))).toEqual(
      nodesBefore,
    );
    await checkAll(db, orgId);
  });
});
