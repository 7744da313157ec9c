// Manual recovery: retrying a failed step; rerunning a finished run, whole or from a step, as a new run
// linked to the original, which is never rewritten.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { nodeExecutionStats } from "@/db/queries/analytics";
import { workflowNodes, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { StepError } from "@/lib/agents/types";
import { IllegalTransition } from "@/lib/engine/apply";
import { EngineError, rerunFromStep, rerunRun, retryStep } from "@/lib/engine/runs";
import { describeDrivers } from "../../helpers/db";
import {
  eventTypes,
  getRun,
  makeTenant,
  makeWorkflow,
  Probe,
  quiesce,
  start,
  stepsOf,
  type Tenant,
  testWorker,
  waitForRun,
  withWorkers,
} from "../../helpers/engine";

describeDrivers("engine: retries and reruns by hand", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  it("retryStep reopens a failed run with a fresh retry budget; attempt keeps growing", async () => {
    const { db, handle } = ctx();
    let broken = true;
    const probe = new Probe(async (_ctx, call) => {
      if (call.stepNumber === 2 && broken) throw new StepError("provider down");
      return { output: { attempt: call.attempt } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, run.id, ["failed"]);
      const [, failed] = await stepsOf(db, run.id);
      expect(failed).toMatchObject({ status: "failed", attempt: 1, errorMessage: "provider down" });
      broken = false;
      const retried = await withTenant(db, t.orgId, (tx) => retryStep(tx, t.actor, failed!.id));
      expect(retried).toMatchObject({ status: "queued", retryCount: 0, errorMessage: null });
      await waitForRun(db, run.id, ["completed"]);
    });
    const done = await getRun(db, run.id);
    expect(done).toMatchObject({ status: "completed", errorMessage: null });
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => [s.status, s.attempt])).toEqual([
      ["completed", 1],
      ["completed", 2],
      ["completed", 1],
    ]);
    expect(eventTypes(steps[1]!)).toEqual([
      "step.created",
      "step.release",
      "step.claim",
      "step.fail",
      "step.retry",
      "step.claim",
      "step.complete",
    ]);
    // the step skipped when the run failed was reset and ran after the retry
    expect(eventTypes(steps[2]!)).toEqual([
      "step.created",
      "step.skip",
      "step.reset",
      "step.release",
      "step.claim",
      "step.complete",
    ]);
    // a completed step cannot be retried
    const refused = await withTenant(db, t.orgId, (tx) => retryStep(tx, t.actor, steps[0]!.id)).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
  });

  it("rerunFromStep starts a new run linked to the original: earlier steps carried, the original untouched", async () => {
    const { db, handle } = ctx();
    const probe = new Probe();
    const wf = await makeWorkflow(
      db,
      t.orgId,
      [
        { ioSchema: { inputs: [], outputs: [{ name: "attempt", type: "integer", required: true }] } },
        { ioSchema: { inputs: [{ name: "first", type: "integer", required: true }], outputs: [] } },
        {},
      ],
      [{ source: "n1", sourceKey: "attempt", target: "n2", targetKey: "first" }],
    );
    const run = await start(db, t.actor, wf.workflowId, { inputs: { batch: 7 } });
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, run.id, ["completed"]);
    });
    const before = { run: await getRun(db, run.id), steps: await stepsOf(db, run.id) };
    expect(before.run.durationMs).not.toBeNull();
    // the workflow changes afterwards: a rerun from a step replays the run as it was defined
    await db
      .update(workflowNodes)
      .set({ stepName: "Renamed later" })
      .where(eq(workflowNodes.workflowId, wf.workflowId));

    // node statistics count what ran: the carried step ran in the original run only
    const hour = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const executions = async () => {
      const stats = await withTenant(db, t.orgId, (tx) => nodeExecutionStats(tx, t.orgId, hour));
      return stats.rows.find((r) => r.stepType === "todo")?.executions ?? 0;
    };
    const executedBefore = await executions();
    const rerun = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 2));
    expect(rerun.id).not.toBe(run.id);
    expect(rerun.publicId).not.toBe(run.publicId);
    expect(rerun).toMatchObject({
      rerunOf: run.id,
      inputs: { batch: 7 },
      workflowId: wf.workflowId,
      workflowVersion: before.run.workflowVersion,
      configSnapshot: before.run.configSnapshot,
      channel: before.run.channel,
      startedBy: t.actor.userId,
      durationMs: null,
      completedAt: null,
      progress: { completed_steps: 1, total_steps: 3, percentage: 33 },
    });
    const [carried, fresh, later] = await stepsOf(db, rerun.id);
    expect(carried).toMatchObject({
      stepName: "Step 1",
      status: "completed",
      outputData: before.steps[0]!.outputData,
      attempt: 0,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    });
    expect(eventTypes(carried!)).toEqual(["step.created", "step.carried"]);
    expect(carried!.events[1]!.data).toEqual({
      from_run: run.publicId,
      from_step: before.steps[0]!.id,
      status: "completed",
      by: t.actor.userId,
    });
    expect(fresh).toMatchObject({ stepName: "Step 2", status: "queued", attempt: 0, outputData: null });
    expect(later).toMatchObject({ stepName: "Step 3", status: "pending", attempt: 0 });

    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, rerun.id, ["completed"]);
    });
    const steps = await stepsOf(db, rerun.id);
    expect(steps.map((s) => [s.status, s.attempt])).toEqual([
      ["completed", 0],
      ["completed", 1],
      ["completed", 1],
    ]);
    // the fresh step read the carried step's output through the binding
    expect(probe.callsFor(fresh!.id).map((c) => c.input)).toEqual([{ first: 1 }]);
    expect(probe.calls.filter((c) => c.runId === rerun.id).map((c) => c.stepNumber)).toEqual([2, 3]);
    expect((await getRun(db, rerun.id)).durationMs).not.toBeNull();
    expect(await executions()).toBe(executedBefore + 2);

    // the original is exactly as it was: status, timing, steps, attempts, outputs and events
    expect(await getRun(db, run.id)).toEqual(before.run);
    expect(await stepsOf(db, run.id)).toEqual(before.steps);

    const copy = await withTenant(db, t.orgId, (tx) => rerunRun(tx, t.actor, run.id));
    expect(copy.id).not.toBe(run.id);
    expect(copy).toMatchObject({ rerunOf: run.id, inputs: { batch: 7 }, workflowId: wf.workflowId });
    expect(await getRun(db, run.id)).toEqual(before.run);
  });

  it("rerunFromStep refuses an open run, an unknown step and a step after one that did not complete", async () => {
    const { db, handle } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const open = await start(db, t.actor, wf.workflowId);
    const refused = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, open.id, 1)).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(IllegalTransition);

    const probe = new Probe(async (_ctx, call) => {
      if (call.stepNumber === 2) throw new Error("provider down");
      return { output: { attempt: call.attempt } };
    });
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, run.id, ["failed"]);
    });
    const before = { run: await getRun(db, run.id), steps: await stepsOf(db, run.id) };
    const unknown = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 9)).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(EngineError);
    expect((unknown as EngineError).code).toBe("not_found");
    const skipped = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 3)).catch(
      (e: unknown) => e,
    );
    expect(skipped).toBeInstanceOf(EngineError);
    expect((skipped as EngineError).code).toBe("conflict");
    expect((skipped as EngineError).message).toBe("Step 2 (Step 2) did not complete; rerun from it instead");
    // from the failed step itself: a new run; no run was created by the refusals
    const rerun = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 2));
    const reruns = await db.select().from(workflowRuns).where(eq(workflowRuns.rerunOf, run.id));
    expect(reruns.map((r) => r.id)).toEqual([rerun.id]);
    expect((await stepsOf(db, rerun.id)).map((s) => s.status)).toEqual(["completed", "queued", "pending"]);
    expect(await getRun(db, run.id)).toEqual(before.run);
    expect(await stepsOf(db, run.id)).toEqual(before.steps);
  });
});
