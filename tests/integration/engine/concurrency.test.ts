// Four workers, 200 runs: every step is executed, and no step is ever held by two workers at once.
// On PostgreSQL each worker has its own connection pool, so claims really race (FOR UPDATE SKIP LOCKED);
// on PGlite they share the one embedded connection.
import { inArray, sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { type DbHandle, openPostgres } from "@/db/client";
import { workflowRunSteps } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { IllegalTransition } from "@/lib/engine/apply";
import { cancelRun } from "@/lib/engine/runs";
import type { Worker } from "@/lib/engine/worker";
import { describeDrivers, query } from "../../helpers/db";
import {
  makeTenant,
  makeWorkflow,
  Probe,
  quiesce,
  runsByIds,
  sleep,
  startMany,
  stepsOf,
  type Tenant,
  testWorker,
  waitFor,
  withWorkers,
} from "../../helpers/engine";

const RUNS = 200;
const WORKERS = 4;

describeDrivers("engine: concurrent workers", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  it(`${WORKERS} workers on ${RUNS} runs: every step completes once and none is claimed twice at once`, async () => {
    const { db, handle, url } = ctx();
    // PostgreSQL: two steps per run, so releases race with claims too. PGlite serializes everything
    // on one connection (no race to lose), so one step per run keeps its logic check affordable.
    const stepsPerRun = url ? 2 : 1;
    const executing = new Map<string, string>();
    const overlaps: string[] = [];
    const byWorker = new Map<string, number>();
    const makeProbe = (workerIndex: number) =>
      new Probe(async (_ctx, call) => {
        const holder = executing.get(call.stepId);
        if (holder)
          overlaps.push(`${call.stepId}: held by ${holder}, claimed again by worker ${workerIndex}`);
        executing.set(call.stepId, `worker ${workerIndex} attempt ${call.attempt}`);
        byWorker.set(String(workerIndex), (byWorker.get(String(workerIndex)) ?? 0) + 1);
        await sleep(Math.floor(Math.random() * 3)); // let the others interleave
        executing.delete(call.stepId);
        return { output: { worker: workerIndex, attempt: call.attempt } };
      });
    const probes = Array.from({ length: WORKERS }, (_, i) => makeProbe(i));
    // own pools on PostgreSQL; the shared embedded instance on PGlite
    const handles: DbHandle[] = probes.map(() => (url ? openPostgres(url, 3) : handle));
    // long leases: a lease expiring under load would legitimately re-run a step and blur the check
    const workers: Worker[] = probes.map((p, i) =>
      testWorker(
        handles[i]!,
        { todo: p.handler },
        {
          leaseMs: 30_000,
          heartbeatMs: 5_000,
          pollMs: 250,
          housekeepingMs: 1_000,
          workerId: `w${i}`,
          concurrency: 4,
        },
      ),
    );
    const wf = await makeWorkflow(
      db,
      t.orgId,
      Array.from({ length: stepsPerRun }, () => ({})),
    );
    try {
      await withWorkers(
        workers,
        async () => {
          // started while the workers poll, so claims race with releases and with each other
          const runs = await startMany(db, t.actor, wf.workflowId, RUNS, 10);
          const ids = runs.map((r) => r.id);
          await waitFor(
            async () => {
              const [row] = await query<{ open: number }>(
                db,
                sql`select count(*)::int as open from workflow_runs
                    where workflow_id = ${wf.workflowId} and status not in ('completed', 'failed', 'cancelled', 'timeout')`,
              );
              return row!.open === 0;
            },
            240_000, // a liveness bound for loaded machines, not a duration assertion
            "all runs finished",
            50,
          );
          const finished = await runsByIds(db, ids);
          expect(
            finished
              .filter((r) => r.status !== "completed")
              .map((r) => [r.publicId, r.status, r.errorMessage]),
          ).toEqual([]);
          expect(finished).toHaveLength(RUNS);
        },
        5_000,
      );
    } finally {
      if (url) await Promise.all(handles.map((h) => h.close()));
    }

    expect(overlaps).toEqual([]);
    const calls = probes.flatMap((p) => p.calls);
    expect(new Set(calls.map((c) => c.stepId)).size).toBe(RUNS * stepsPerRun);
    // the work was shared
    expect(byWorker.size).toBeGreaterThan(1);

    // the ledger agrees: each step completed once, by the worker whose handler produced the output.
    // A step runs again only after the reaper took back an expired lease (possible when a starved
    // machine delays heartbeats past the lease; then the stale completion was fenced out).
    const steps = await db
      .select()
      .from(workflowRunSteps)
      .where(inArray(workflowRunSteps.runId, [...new Set(calls.map((c) => c.runId))]));
    expect(steps).toHaveLength(RUNS * stepsPerRun);
    let rerun = 0;
    for (const step of steps) {
      const claims = step.events.filter((e) => e.type === "step.claim");
      const reaped = step.events.filter((e) => e.type === "step.lease_expired");
      expect(claims.length, step.id).toBe(1 + reaped.length);
      expect(step).toMatchObject({ status: "completed", attempt: claims.length });
      expect(claims.at(-1)!.data?.worker).toBe(`w${(step.outputData as { worker: number }).worker}`);
      expect((step.outputData as { attempt: number }).attempt).toBe(step.attempt);
      expect(step.events.filter((e) => e.type === "step.complete")).toHaveLength(1);
      expect(calls.filter((c) => c.stepId === step.id).length).toBeLessThanOrEqual(claims.length);
      rerun += reaped.length;
    }
    expect(calls.length).toBe(RUNS * stepsPerRun + rerun);
  }, 300_000);

  it("cancelling runs while four workers execute them: no deadlock, no lost cancel, no failed run", async () => {
    const { db, handle, url } = ctx();
    const logs: string[] = [];
    const probe = new Probe(async () => {
      await sleep(Math.floor(Math.random() * 3));
      return { output: {} };
    });
    const handles: DbHandle[] = Array.from({ length: WORKERS }, () => (url ? openPostgres(url, 3) : handle));
    const workers = handles.map((h, i) =>
      testWorker(
        h,
        { todo: probe.handler },
        {
          leaseMs: 30_000,
          heartbeatMs: 5_000,
          pollMs: 250,
          housekeepingMs: 1_000,
          log: (m, d) => logs.push(`${i} ${m} ${JSON.stringify(d)}`),
        },
      ),
    );
    // deadlocks need real connections: the full load on PostgreSQL, a smaller logic check on PGlite
    const [runCount, stepCount] = url ? [120, 6] : [40, 4];
    const wf = await makeWorkflow(
      db,
      t.orgId,
      Array.from({ length: stepCount }, () => ({})),
    );
    const refusals: unknown[] = [];
    const ids: string[] = [];
    try {
      await withWorkers(workers, async () => {
        const runs = await startMany(db, t.actor, wf.workflowId, runCount, 10);
        ids.push(...runs.map((r) => r.id));
        // cancels land at every point of the runs' lives: queued, claimed, mid-handler, completing
        await Promise.all(
          runs.map(async (run) => {
            await sleep(Math.floor(Math.random() * 600));
            try {
              await withTenant(db, t.orgId, (tx) => cancelRun(tx, t.actor, run.id, "load test"));
            } catch (error) {
              refusals.push(error);
            }
          }),
        );
        await waitFor(
          async () => (await runsByIds(db, ids)).every((r) => ["completed", "cancelled"].includes(r.status)),
          240_000,
          "all runs ended",
          50,
        );
      });
    } finally {
      if (url) await Promise.all(handles.map((h) => h.close()));
    }
    // a cancel may only be refused because the run had already completed
    for (const error of refusals) {
      expect(String(error)).toMatch(/run event "cancel" is not allowed in status "completed"/);
      expect(error).toBeInstanceOf(IllegalTransition);
    }
    // the workers saw nothing worse than their own fenced-out completions
    expect(logs.filter((l) => !l.includes("completion fenced out"))).toEqual([]);
    const runs = await runsByIds(db, ids);
    expect(runs.filter((r) => r.status === "cancelled").length).toBe(ids.length - refusals.length);
    for (const run of runs) {
      const statuses = (await stepsOf(db, run.id)).map((s) => s.status);
      if (run.status === "completed") expect(statuses.every((s) => s === "completed")).toBe(true);
      else
        expect(
          statuses.every((s) => ["completed", "cancelled", "skipped"].includes(s)),
          statuses.join(),
        ).toBe(true);
    }
  }, 300_000);
});
