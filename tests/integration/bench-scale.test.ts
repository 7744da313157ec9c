// The scale benchmark's generator at a tiny scale: the data it writes must stay consistent with the
// schema and with how the engine leaves runs and steps, or the benchmark measures fiction.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  ERROR_MESSAGES,
  ensureScaleData,
  FAILURES_BY_STEP_TYPE,
  FULL_RUNS_A,
  FULL_RUNS_B,
  type ScaleDataset,
  sliceCount,
  TIMEOUT_BY_STEP_TYPE,
  targetRuns,
  WORKFLOWS,
} from "@/bench/scale-data";
import { listRuns } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { describeDrivers, query } from "../helpers/db";

const SCALE = 0.0005; // 500 + 50 runs

it("slices add up to the target and grow towards the present", () => {
  for (const total of [FULL_RUNS_A, FULL_RUNS_B, 500, 7]) {
    const counts = Array.from({ length: 24 }, (_, k) => sliceCount(total, k));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(counts[23]!).toBeGreaterThan(counts[0]!);
  }
  expect(targetRuns(1)).toEqual({ a: 1_000_000, b: 100_000 });
});

describeDrivers("bench:scale generator", (ctx) => {
  let data: ScaleDataset;

  beforeAll(async () => {
    data = await ensureScaleData(ctx().db, { scale: SCALE });
  });

  it("writes the target number of runs per organization, and the steps it recorded", async () => {
    const { db } = ctx();
    expect(data.generated).toBe(true);
    const counts = await query<{ org_id: string; runs: number }>(
      db,
      sql`select org_id::text, count(*)::int as runs from workflow_runs group by org_id`,
    );
    const byOrg = new Map(counts.map((c) => [c.org_id, c.runs]));
    expect(byOrg.get(data.orgA.id)).toBe(500);
    expect(byOrg.get(data.orgB.id)).toBe(50);
    expect(data.runs).toBe(550);
    const [steps] = await query<{ n: number }>(db, sql`select count(*)::int as n from workflow_run_steps`);
    expect(steps!.n).toBe(data.steps);
    // ~4.2 nodes per run on average; at least 3 (the smallest workflow)
    expect(data.steps).toBeGreaterThanOrEqual(3 * 550);
    expect(data.steps).toBeLessThanOrEqual(6 * 550);
  });

  it("gives every run one step per node of its workflow, in the run's organization", async () => {
    const bad = await query<{ id: string }>(
      ctx().db,
      sql`select r.id from workflow_runs r
          where (select count(*) from workflow_run_steps s where s.run_id = r.id)
                  <> (select count(*) from workflow_nodes n where n.workflow_id = r.workflow_id)
             or exists (select 1 from workflow_run_steps s where s.run_id = r.id and s.org_id <> r.org_id)
             or exists (select 1 from workflow_run_steps s join workflow_nodes n on n.id = s.node_id
                        where s.run_id = r.id and (n.workflow_id <> r.workflow_id or n.step_type <> s.step_type))`,
    );
    expect(bad).toEqual([]);
  });

  it("leaves steps as the engine would for each run status", async () => {
    const { db } = ctx();
    // per run: the steps' statuses in order, e.g. completed,completed,failed,skipped
    const found = await query<{ status: string; steps: string; started: boolean; duration: boolean }>(
      db,
      sql`select r.status, string_agg(s.status, ',' order by s.step_number) as steps,
                 r.started_at is not null as started, r.duration_ms is not null as duration
          from workflow_runs r join workflow_run_steps s on s.run_id = r.id
          group by r.id`,
    );
    const shapes: Record<string, RegExp> = {
      completed: /^completed(,completed)*$/,
      failed: /^(completed,)*failed(,skipped)*$/,
      timeout: /^(completed,)*timeout(,skipped)*$/,
      // started and cancelled at a step, or cancelled before anything started
      cancelled: /^((completed,)*cancelled(,skipped)*|skipped(,skipped)*)$/,
      active: /^(completed,)*running(,pending)*$/,
      waiting: /^(completed,)*(waiting_approval|waiting_manual|scheduled)(,pending)*$/,
      pending: /^queued(,pending)*$/,
    };
    for (const run of found) {
      expect(run.steps, `a ${run.status} run`).toMatch(shapes[run.status]!);
      // a duration only for runs that started and ended
      const ended = ["completed", "failed", "timeout", "cancelled"].includes(run.status);
      expect(run.duration, `${run.status} run: ${run.steps}`).toBe(run.started && ended);
      if (run.status === "cancelled") expect(run.started).toBe(!run.steps.startsWith("skipped"));
    }
    const statuses = new Set(found.map((r) => r.status));
    for (const s of ["completed", "failed", "timeout", "cancelled"]) expect(statuses).toContain(s);
  });

  it("keeps step timing honest: no duration without a start, running steps hold a lease", async () => {
    const [bad] = await query<{ n: number }>(
      ctx().db,
      sql`select count(*)::int as n from workflow_run_steps s
          where (s.started_at is null and s.duration_ms is not null)
             or (s.status in ('completed', 'failed', 'timeout') and (s.duration_ms is null or s.completed_at is null))
             or (s.status in ('pending', 'skipped', 'queued', 'waiting_approval', 'waiting_manual', 'scheduled')
                 and (s.started_at is not null or s.duration_ms is not null))
             or (s.completed_at < s.started_at)
             or (s.status = 'running' and (s.lease_owner is null or s.duration_ms is not null))
             or (s.status = 'queued' and s.run_at is null)`,
    );
    expect(bad!.n).toBe(0);
  });

  it("puts the failing step's message on failed and timed-out runs, from the ~30 messages", async () => {
    const { db } = ctx();
    const runs = await query<{ status: string; run_error: string | null; step_error: string | null }>(
      db,
      sql`select r.status, r.error_message as run_error,
                 (select s.error_message from workflow_run_steps s
                  where s.run_id = r.id and s.status in ('failed', 'timeout')) as step_error
          from workflow_runs r`,
    );
    for (const r of runs) {
      const failing = r.status === "failed" || r.status === "timeout";
      expect(r.run_error !== null, `${r.status} run`).toBe(failing);
      expect(r.step_error).toBe(r.run_error);
    }
    const failures = runs.filter((r) => r.run_error !== null).length;
    expect(failures / runs.length).toBeGreaterThan(0.02);
    expect(failures / runs.length).toBeLessThan(0.2);
    // every message is one of the templates with its variable parts filled in
    const templates = ERROR_MESSAGES.map(
      (m) =>
        new RegExp(
          `^${m
            .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
            .replace("{n}", "\\d+")
            .replace("{id}", "[0-9a-f-]{36}")
            .replace("{email}", "candidate\\d+@bounce\\.example")}$`,
        ),
    );
    for (const r of runs.filter((x) => x.run_error)) {
      expect(
        templates.some((t) => t.test(r.run_error!)),
        r.run_error!,
      ).toBe(true);
    }
    // and belongs to the step type that failed (an approval is rejected, a calendar has no slots …)
    const steps = await query<{ step_type: string; status: string; error_message: string }>(
      db,
      sql`select step_type, status, error_message from workflow_run_steps where status in ('failed', 'timeout')`,
    );
    for (const step of steps) {
      const allowed =
        step.status === "failed"
          ? (FAILURES_BY_STEP_TYPE[step.step_type] ?? [])
          : [TIMEOUT_BY_STEP_TYPE[step.step_type] ?? 26];
      expect(
        allowed.some((i) => templates[i]!.test(step.error_message)),
        `${step.status} ${step.step_type}: ${step.error_message}`,
      ).toBe(true);
    }
    const [groups] = await query<{ n: number }>(
      db,
      sql`select count(distinct normalized_error)::int as n from v_failed_steps_analysis`,
    );
    expect(groups!.n).toBeLessThanOrEqual(ERROR_MESSAGES.length);
  });

  it("spreads runs over 12 months, five channels and every workflow, with unique WF- ids", async () => {
    const { db } = ctx();
    const [facts] = await query<{
      oldest_days: number;
      newest_days: number;
      channels: number;
      workflows: number;
      workflows_a: number;
      ids: number;
      bad_ids: number;
      seq: number;
      open_late: number;
      no_context: number;
    }>(
      db,
      sql`select max(extract(epoch from (m.anchor - r.created_at)) / 86400)::float8 as oldest_days,
                 min(extract(epoch from (m.anchor - r.created_at)) / 86400)::float8 as newest_days,
                 count(distinct r.channel)::int as channels,
                 count(distinct r.workflow_id)::int as workflows,
                 count(distinct r.workflow_id) filter (where r.org_id = ${data.orgA.id})::int as workflows_a,
                 count(distinct r.public_id)::int as ids,
                 count(*) filter (where r.public_id !~ '^WF-[0-9]{6,}$')::int as bad_ids,
                 (select last_value from workflow_run_public_seq)::int as seq,
                 count(*) filter (where r.status in ('pending', 'active', 'waiting')
                                  and r.created_at < m.anchor - interval '6 hours')::int as open_late,
                 count(*) filter (where not (r.context ? 'correlation_id' and r.context ? 'candidate_email'
                                             and r.inputs ? 'candidate_email'))::int as no_context
          from workflow_runs r cross join bench_scale_meta m`,
    );
    expect(facts!.oldest_days).toBeLessThanOrEqual(365);
    expect(facts!.oldest_days).toBeGreaterThan(300);
    expect(facts!.newest_days).toBeGreaterThanOrEqual(0);
    expect(facts!.channels).toBe(5);
    // every workflow of the 500-run organization has runs (a 10 % workflow misses all 500 with p ≈ 1e-23);
    // the 50-run one may miss a 10 % workflow (p ≈ 0.5 % each), so it only has to have some of its own
    expect(facts!.workflows_a).toBe(WORKFLOWS.length);
    expect(facts!.workflows).toBeGreaterThan(WORKFLOWS.length);
    expect(facts!.workflows).toBeLessThanOrEqual(2 * WORKFLOWS.length);
    expect(facts!.ids).toBe(550);
    expect(facts!.bad_ids).toBe(0);
    expect(facts!.seq).toBeGreaterThanOrEqual(550);
    expect(facts!.open_late).toBe(0);
    expect(facts!.no_context).toBe(0);
  });

  it("is readable by the application role inside each tenant, and only there", async () => {
    const { db } = ctx();
    for (const org of [data.orgA, data.orgB]) {
      const page = await withTenant(db, org.id, (tx) =>
        listRuns(tx, { orgId: org.id, filters: {}, limit: 50, sort: "-created_at" }),
      );
      expect(page.rows).toHaveLength(50);
      expect(page.total).toBe(org.runs);
      const [seen] = await withTenant(db, org.id, (tx) =>
        query<{ runs: number; foreign: number }>(
          tx,
          sql`select count(*)::int as runs, count(*) filter (where org_id <> ${org.id})::int as foreign
              from workflow_runs`,
        ),
      );
      expect(seen).toEqual({ runs: org.runs, foreign: 0 });
    }
  });

  it("reuses the data on a rerun and refuses another scale without touching anything", async () => {
    const { db } = ctx();
    const again = await ensureScaleData(db, { scale: SCALE });
    expect(again.generated).toBe(false);
    expect({ ...again, generated: true }).toEqual(data);
    await expect(ensureScaleData(db, { scale: 0.01 })).rejects.toThrow(/scale 0\.0005/);
    const [n] = await query<{ runs: number }>(db, sql`select count(*)::int as runs from workflow_runs`);
    expect(n!.runs).toBe(550);
  });
});
