// Honest durations (issue 9 item 5): rows the engine really wrote. A step that never started has duration_ms NULL,
// not 0, and a run cancelled before it started has none, so averages and percentiles count only what ran.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { loadMigrations, migrateDown, migrateUp } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { StepError } from "@/lib/agents/types";
import { cancelRun } from "@/lib/engine/runs";
import { describeDrivers, query } from "../../helpers/db";
import {
  getRun,
  makeTenant,
  makeWorkflow,
  Probe,
  sleep,
  start,
  stepsOf,
  type Tenant,
  testWorker,
  waitForRun,
  withWorkers,
} from "../../helpers/engine";

describeDrivers("engine: durations of steps that never started", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  it("a failure skips the later steps: they have no duration, and the views average only the steps that ran", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => {
      await sleep(30);
      if (call.stepNumber === 2) throw new StepError("record is gone", { retryable: false });
      return { output: {} };
    });
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["failed"]),
    );

    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["completed", "failed", "skipped"]);
    expect(steps[0]!.durationMs).toBeGreaterThanOrEqual(25);
    expect(steps[1]!.durationMs).toBeGreaterThanOrEqual(25);
    expect(steps[2]).toMatchObject({ startedAt: null, durationMs: null });
    expect(steps[2]!.completedAt).not.toBeNull(); // it did end, as skipped
    expect((await getRun(db, run.id)).durationMs).toBeGreaterThanOrEqual(50);

    const expectedAvg = Math.round((steps[0]!.durationMs! + steps[1]!.durationMs!) / 2);
    const [summary] = await withTenant(db, t.orgId, (tx) =>
      query<{ avg_step_duration_ms: number | null }>(
        tx,
        sql`select avg_step_duration_ms from v_workflow_execution_summary where run_id = ${run.id}`,
      ),
    );
    expect(summary!.avg_step_duration_ms).toBe(expectedAvg);
    const [skippedNode] = await withTenant(db, t.orgId, (tx) =>
      query<{
        avg_duration_ms: number | null;
        p50_duration_ms: number | null;
        max_duration_ms: number | null;
      }>(
        tx,
        sql`select avg_duration_ms, p50_duration_ms, max_duration_ms from v_node_execution_stats
            where workflow_id = ${wf.workflowId} and node_id = ${steps[2]!.nodeId}`,
      ),
    );
    expect(skippedNode).toEqual({ avg_duration_ms: null, p50_duration_ms: null, max_duration_ms: null });
  });

  it("a run cancelled before any step started has no duration, and neither have its steps", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await sleep(40); // time in the queue is not a duration
    const cancelled = await withTenant(db, t.orgId, (tx) =>
      cancelRun(tx, t.actor, run.id, "changed my mind"),
    );
    expect(cancelled).toMatchObject({ status: "cancelled", startedAt: null, durationMs: null });
    const steps = await stepsOf(db, run.id);
    expect(steps.every((s) => s.startedAt === null && s.durationMs === null)).toBe(true);
    expect(steps.map((s) => s.status).every((s) => s === "skipped" || s === "cancelled")).toBe(true);
  });

  it("migration 0010 clears the zeros written before: never-started steps and runs, not imported runs", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const engineRun = await start(db, t.actor, wf.workflowId);
    const importedRun = await start(db, t.actor, wf.workflowId);
    // what the engine wrote before 0010, and what an import carries
    await db.execute(sql`update workflow_run_steps set status = 'skipped', duration_ms = 0, completed_at = now()
                         where run_id in (${engineRun.id}, ${importedRun.id})`);
    await db.execute(sql`update workflow_runs set status = 'cancelled', duration_ms = 4000, completed_at = now()
                         where id in (${engineRun.id}, ${importedRun.id})`);
    await db.execute(sql`update workflow_runs set source = 'import' where id = ${importedRun.id}`);
    // roll back to just before 0010 (whatever came after it too) and forward again
    const fromTen = loadMigrations()
      .map((m) => m.tag)
      .filter((tag) => tag >= "0010_honest_durations");
    expect(await migrateDown(db, fromTen.length)).toEqual([...fromTen].reverse());
    expect(await migrateUp(db)).toEqual(fromTen);
    expect((await getRun(db, engineRun.id)).durationMs).toBeNull();
    expect((await getRun(db, importedRun.id)).durationMs).toBe(4000);
    for (const id of [engineRun.id, importedRun.id]) {
      expect((await stepsOf(db, id)).map((s) => s.durationMs)).toEqual([null, null]);
    }
  });
});
