// Manual recovery: retrying a failed step, rerunning a finished run from a step, rerunning a run.
import { afterEach, beforeAll, expect, it } from "vitest";
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

  it("rerunFromStep runs a finished run again from a step, keeping earlier outputs; rerunRun starts a copy", async () => {
    const { db, handle } = ctx();
    const probe = new Probe();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const run = await start(db, t.actor, wf.workflowId, { inputs: { batch: 7 } });
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, run.id, ["completed"]);
      const active = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 2));
      expect(active.status).toBe("active");
      await waitForRun(db, run.id, ["completed"]);
      const copy = await withTenant(db, t.orgId, (tx) => rerunRun(tx, t.actor, run.id));
      expect(copy.id).not.toBe(run.id);
      expect(copy).toMatchObject({ rerunOf: run.id, inputs: { batch: 7 }, workflowId: wf.workflowId });
      await waitForRun(db, copy.id, ["completed"]);
    });
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.attempt)).toEqual([1, 2, 2]);
    expect(steps[0]!.outputData).toEqual({ attempt: 1 });
    expect(steps[2]!.outputData).toEqual({ attempt: 2 });
    expect(eventTypes(steps[1]!).filter((e) => e === "step.reset")).toHaveLength(1);
    // a run that has not ended cannot be rerun from a step; an unknown step is not found
    const other = await start(db, t.actor, wf.workflowId);
    const open = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, other.id, 1)).catch(
      (e: unknown) => e,
    );
    expect(open).toBeInstanceOf(IllegalTransition);
    const unknown = await withTenant(db, t.orgId, (tx) => rerunFromStep(tx, t.actor, run.id, 9)).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(EngineError);
    expect((unknown as EngineError).code).toBe("not_found");
  });
});
