// The Worker end to end: claim → handler (input, AbortSignal) → fenced finish → advance, on real rows.
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { afterEach, beforeAll, expect, it } from "vitest";
import { withTenant } from "@/db/tenant";
import { StepError } from "@/lib/agents/types";
import { cancelRun } from "@/lib/engine/runs";
import { AbortReason } from "@/lib/engine/worker";
import { describeDrivers } from "../../helpers/db";
import {
  aborted,
  deferred,
  eventTimes,
  eventTypes,
  expireLease,
  getRun,
  getStep,
  isNonDecreasing,
  makeDue,
  makeTenant,
  makeWorkflow,
  Probe,
  quiesce,
  sleep,
  start,
  stepsOf,
  type Tenant,
  testWorker,
  waitFor,
  waitForRun,
  waitForStep,
  withWorkers,
} from "../../helpers/engine";

describeDrivers("engine: worker", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  it("runs the steps in order, appending a timestamped event per transition and keeping progress current", async () => {
    const { db, handle } = ctx();
    const gate = deferred();
    const probe = new Probe(async (_ctx, call) => {
      if (call.stepNumber === 2) await gate.promise;
      return { output: { step: call.stepNumber } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      const second = await probe.waitForCall((c) => c.stepNumber === 2);
      const mid = await getRun(db, run.id);
      expect(mid.status).toBe("active");
      expect(mid.progress).toEqual({ completed_steps: 1, total_steps: 3, percentage: 33 });
      expect((await getStep(db, second.stepId)).status).toBe("running");
      gate.resolve();
      await waitForRun(db, run.id, ["completed"]);
    });

    expect(probe.calls.map((c) => c.stepNumber)).toEqual([1, 2, 3]);
    const done = await getRun(db, run.id);
    expect(done.progress).toEqual({ completed_steps: 3, total_steps: 3, percentage: 100 });
    expect(done.startedAt).not.toBeNull();
    expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
    expect(done.durationMs).toBe(done.completedAt!.getTime() - done.startedAt!.getTime());
    const steps = await stepsOf(db, run.id);
    for (const step of steps) {
      expect(step).toMatchObject({ status: "completed", attempt: 1, outputData: { step: step.stepNumber } });
      expect(eventTypes(step)).toEqual(["step.created", "step.release", "step.claim", "step.complete"]);
      expect(step.events.map((e) => [e.data?.from, e.data?.to])).toEqual([
        [undefined, undefined],
        ["pending", "queued"],
        ["queued", "running"],
        ["running", "completed"],
      ]);
      expect(isNonDecreasing(eventTimes(step))).toBe(true);
      expect(step.completedAt!.getTime()).toBeGreaterThanOrEqual(step.startedAt!.getTime());
    }
    // step n+1 was released by step n's completion
    for (let i = 1; i < steps.length; i++) {
      expect(Date.parse(steps[i]!.events[1]!.timestamp)).toBeGreaterThanOrEqual(
        Date.parse(steps[i - 1]!.events[3]!.timestamp),
      );
    }
  });

  it("assembles a step's input from run inputs and bindings, applying defaults", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => ({ output: call.stepNumber === 1 ? { score: 42 } : {} }));
    const wf = await makeWorkflow(
      db,
      t.orgId,
      [
        { ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer", required: true }] } },
        {
          ioSchema: {
            inputs: [
              { name: "title", type: "string", required: true },
              { name: "score", type: "integer", required: true },
              { name: "limit", type: "integer", default: 5 },
            ],
            outputs: [],
          },
        },
      ],
      [{ source: "n1", sourceKey: "score", target: "n2", targetKey: "score" }],
    );
    const run = await start(db, t.actor, wf.workflowId, { inputs: { title: "Engineer", unrelated: true } });
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["completed", "failed"]),
    );
    expect((await getRun(db, run.id)).status).toBe("completed");
    // a node that declares no inputs gets the run's inputs as they are
    expect(probe.calls[0]!.input).toMatchObject({ title: "Engineer", unrelated: true });
    // a node that declares inputs gets exactly those: run input, bound output, default
    expect(probe.calls[1]!.input).toEqual({ title: "Engineer", score: 42, limit: 5 });
    // and the ledger keeps what each step was given
    const steps = await stepsOf(db, run.id);
    expect(steps[0]!.inputData).toEqual(probe.calls[0]!.input);
    expect(steps[1]!.inputData).toEqual({ title: "Engineer", score: 42, limit: 5 });
  });

  it("resolves bindings by step number, so deleting the workflow's nodes mid-run orphans nothing", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => ({ output: call.stepNumber === 1 ? { score: 7 } : {} }));
    const wf = await makeWorkflow(
      db,
      t.orgId,
      [
        { ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer", required: true }] } },
        { ioSchema: { inputs: [{ name: "score", type: "integer", required: true }], outputs: [] } },
      ],
      [{ source: "n1", sourceKey: "score", target: "n2", targetKey: "score" }],
    );
    const run = await start(db, t.actor, wf.workflowId, {});
    // the definition changes under the queued run: its nodes go (the steps' node_id becomes null)
    await withTenant(db, t.orgId, (tx) =>
      tx.execute(sql`delete from workflow_nodes where workflow_id = ${wf.workflowId}`),
    );
    expect((await stepsOf(db, run.id)).map((s) => s.nodeId)).toEqual([null, null]);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["completed", "failed"]),
    );
    expect((await getRun(db, run.id)).status).toBe("completed");
    expect(probe.calls[1]!.input).toEqual({ score: 7 });
  });

  it.each([
    { inputs: {}, field: "title", message: 'Invalid step input: input "title" is required' },
    {
      inputs: { title: 7 },
      field: "title",
      message: 'Invalid step input: input "title" must be a string, got number',
    },
  ])(
    "fails the step without retrying when its input is invalid ($message)",
    async ({ inputs, field, message }) => {
      const { db, handle } = ctx();
      const probe = new Probe();
      const wf = await makeWorkflow(db, t.orgId, [
        {},
        {
          maxRetries: 3,
          ioSchema: { inputs: [{ name: "title", type: "string", required: true }], outputs: [] },
        },
        {},
      ]);
      const run = await start(db, t.actor, wf.workflowId, { inputs });
      await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
        waitForRun(db, run.id, ["failed"]),
      );
      expect(probe.calls.map((c) => c.stepNumber)).toEqual([1]); // the handler of step 2 never ran
      const steps = await stepsOf(db, run.id);
      expect(steps.map((s) => s.status)).toEqual(["completed", "failed", "skipped"]);
      expect(steps[1]).toMatchObject({ attempt: 1, retryCount: 0, errorMessage: message });
      expect(steps[1]!.errorDetails).toMatchObject({ errors: [{ field }] });
      expect((await getRun(db, run.id)).errorMessage).toBe(`Step 2 (Step 2) failed: ${message}`);
    },
  );

  it("fails a step whose handler breaks its output contract, or that has no handler", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async () => ({ output: { score: "high" } }));
    const wf = await makeWorkflow(db, t.orgId, [
      {
        maxRetries: 2,
        ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer", required: true }] },
      },
    ]);
    const bad = await start(db, t.actor, wf.workflowId);
    const orphanWf = await makeWorkflow(db, t.orgId, [{ stepType: "interview_scheduling", maxRetries: 2 }]);
    const orphan = await start(db, t.actor, orphanWf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      await waitForRun(db, bad.id, ["failed"]);
      await waitForRun(db, orphan.id, ["failed"]);
    });
    const [badStep] = await stepsOf(db, bad.id);
    expect(badStep).toMatchObject({
      status: "failed",
      attempt: 1,
      errorMessage: 'Invalid step output: output "score" must be an integer, got string',
    });
    const [orphanStep] = await stepsOf(db, orphan.id);
    expect(orphanStep).toMatchObject({
      status: "failed",
      attempt: 1,
      errorMessage: 'No handler for step type "interview_scheduling"',
    });
  });

  it("retries a retryable handler failure with backoff; a non-retryable StepError ends the run at once", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => {
      if (call.stepType === "todo" && call.attempt === 1) throw new StepError("flaky upstream");
      if (call.stepType === "webhook_call")
        throw new StepError("record is gone", { retryable: false, details: { id: 1 } });
      return { output: { attempt: call.attempt } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 2 }]);
    const flaky = await start(db, t.actor, wf.workflowId);
    const fatalWf = await makeWorkflow(db, t.orgId, [{ stepType: "webhook_call", maxRetries: 2 }]);
    const fatal = await start(db, t.actor, fatalWf.workflowId);
    const [flakyStep] = await stepsOf(db, flaky.id);
    await withWorkers(
      [testWorker(handle, { todo: probe.handler, webhook_call: probe.handler })],
      async () => {
        const requeued = await waitFor(async () => {
          const s = await getStep(db, flakyStep!.id);
          return s.status === "queued" && s.retryCount === 1 ? s : null;
        });
        expect(requeued.errorMessage).toBe("flaky upstream");
        const failure = requeued.events.at(-1)!;
        expect(failure).toMatchObject({
          type: "step.fail",
          data: { to: "queued", retry: 1, error: "flaky upstream" },
        });
        expect(requeued.runAt!.getTime()).toBeGreaterThan(Date.parse(failure.timestamp)); // backoff, not "now"
        await makeDue(db, flakyStep!.id); // skip the backoff wait
        await waitForRun(db, flaky.id, ["completed"]);
        await waitForRun(db, fatal.id, ["failed"]);
      },
    );
    const flakyDone = await getStep(db, flakyStep!.id);
    expect(flakyDone).toMatchObject({
      status: "completed",
      attempt: 2,
      retryCount: 1,
      outputData: { attempt: 2 },
      errorMessage: null,
    });
    expect(eventTypes(flakyDone)).toEqual([
      "step.created",
      "step.release",
      "step.claim",
      "step.fail",
      "step.claim",
      "step.complete",
    ]);
    const [fatalStep] = await stepsOf(db, fatal.id);
    expect(fatalStep).toMatchObject({
      status: "failed",
      attempt: 1,
      errorMessage: "record is gone",
      errorDetails: { id: 1 },
    });
    expect(probe.callsFor(fatalStep!.id)).toHaveLength(1);
  });

  it("step timeout: fires the handler's AbortSignal and ends the step and the run in timeout", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => {
      throw await aborted(call.signal); // a well-behaved handler stops when told to
    });
    const wf = await makeWorkflow(db, t.orgId, [{ timeoutSeconds: 1, stepName: "Slow" }, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["timeout"]),
    );
    const call = probe.calls[0]!;
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(AbortReason);
    // the deadline sweep's abort notice and the next failed heartbeat race to stop the handler;
    // either way it was aborted, and the step's status records why
    expect(["timeout", "lost"]).toContain((call.signal.reason as AbortReason).kind);
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["timeout", "skipped"]);
    expect(steps[0]).toMatchObject({
      attempt: 1,
      errorMessage: "Timed out after 1 s",
      errorDetails: { timeout_seconds: 1 },
    });
    expect((await getRun(db, run.id)).errorMessage).toBe("Step 1 (Slow) timed out: Timed out after 1 s");
    expect(probe.calls).toHaveLength(1);
  });

  it("run timeout: a passed deadline aborts the running handler and ends the run in timeout", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => {
      throw await aborted(call.signal);
    });
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 3 }, {}]);
    const run = await start(db, t.actor, wf.workflowId, { deadlineSeconds: 3600 });
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      const call = await probe.waitForCall();
      await db.execute(
        sql`update workflow_runs set deadline_at = now() - interval '1 second' where id = ${run.id}`,
      );
      await waitForRun(db, run.id, ["timeout"]);
      await waitFor(() => call.settled, 30_000, "handler settled");
    });
    const call = probe.calls[0]!;
    // the deadline sweep's abort notice and the next failed heartbeat race to stop the handler;
    // either way it was aborted, and the step's status records why
    expect(["timeout", "lost"]).toContain((call.signal.reason as AbortReason).kind);
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["timeout", "skipped"]);
    expect(steps[0]!.retryCount).toBe(0); // the run's deadline is final: no retry
    expect(steps[0]!.events.at(-1)).toMatchObject({ type: "step.timeout", data: { reason: "run deadline" } });
    expect((await getRun(db, run.id)).errorMessage).toBe("Run exceeded its deadline");
    expect(probe.calls).toHaveLength(1);
  });

  it("cancel: aborts the running handler, cancels the open step, skips the rest and records nothing after", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_ctx, call) => {
      const reason = await aborted(call.signal);
      // a handler that ignores the signal and "succeeds" anyway must not be recorded either
      return { output: { ignored: String(reason) } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 3 }, {}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], async () => {
      const call = await probe.waitForCall();
      await waitForStep(db, call.stepId, ["running"]);
      const cancelled = await withTenant(db, t.orgId, (tx) =>
        cancelRun(tx, t.actor, run.id, "candidate withdrew"),
      );
      expect(cancelled.status).toBe("cancelled");
      await waitFor(() => call.settled, 30_000, "handler settled");
      const reason = call.signal.reason as AbortReason;
      expect(reason).toBeInstanceOf(AbortReason);
      expect(reason.kind).toBe("cancelled");
    });
    const done = await getRun(db, run.id);
    expect(done).toMatchObject({ status: "cancelled", errorMessage: "Cancelled: candidate withdrew" });
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["cancelled", "skipped", "skipped"]);
    expect(steps[0]).toMatchObject({ outputData: null, leaseOwner: null, attempt: 1 });
    expect(steps[0]!.events.at(-1)).toMatchObject({
      type: "step.cancel",
      data: { from: "running", to: "cancelled" },
    });
    expect(probe.calls).toHaveLength(1);
  });

  it("cancel: steps waiting in the queue are cancelled and never claimed", async () => {
    const { db, handle } = ctx();
    const probe = new Probe();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    await withTenant(db, t.orgId, (tx) => cancelRun(tx, t.actor, run.id));
    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["cancelled", "skipped"]);
    const other = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, other.id, ["completed"]),
    );
    expect(probe.calls.every((c) => c.runId === other.id)).toBe(true);
  });

  it("lost claim with real workers: a stalled worker's late success is fenced out, the newer attempt wins", async () => {
    const { db, handle } = ctx();
    const stall = deferred();
    const holdNewer = deferred();
    const probe = new Probe(async (_ctx, call) => {
      if (call.stepNumber === 1 && call.attempt === 1) await stall.promise;
      if (call.stepNumber === 1 && call.attempt === 2) await holdNewer.promise;
      return { output: { attempt: call.attempt } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    const [first] = await stepsOf(db, run.id);
    // A stalls (no heartbeat before its lease lapses); concurrency 1 keeps it from re-claiming
    const stalled = testWorker(
      handle,
      { todo: probe.handler },
      { leaseMs: 60_000, heartbeatMs: 60_000, concurrency: 1 },
    );
    const healthy = testWorker(handle, { todo: probe.handler }, { leaseMs: 60_000 });
    await stalled.start();
    try {
      await probe.waitForCall((c) => c.attempt === 1);
      await expireLease(db, first!.id); // A's lease lapses while it is stalled
      await withWorkers([healthy], async () => {
        // A's lease expires, the reaper requeues, B claims attempt 2 and is still working on it…
        const newer = await probe.waitForCall((c) => c.stepId === first!.id && c.attempt === 2);
        const before = await getStep(db, first!.id);
        expect(before).toMatchObject({ status: "running", attempt: 2, leaseOwner: healthy.id });
        // …when the stalled attempt 1 "succeeds", far too late: its completion must write nothing
        stall.resolve();
        await waitFor(
          () => probe.calls[0]!.settled && stalled.activeSteps === 0,
          30_000,
          "stale attempt finished",
        );
        const after = await getStep(db, first!.id);
        expect(after).toMatchObject({
          status: "running",
          attempt: 2,
          leaseOwner: healthy.id,
          outputData: null,
        });
        expect(after.events).toEqual(before.events);
        expect((await stepsOf(db, run.id))[1]!.status).toBe("pending");
        expect(newer.signal.aborted).toBe(false);
        holdNewer.resolve();
        await waitForRun(db, run.id, ["completed"]);
      });
    } finally {
      stall.resolve();
      holdNewer.resolve();
      await stalled.stop(2_000);
    }
    const step = await getStep(db, first!.id);
    expect(step).toMatchObject({ status: "completed", attempt: 2, outputData: { attempt: 2 } });
    expect(step.leaseOwner).toBeNull();
    expect(eventTypes(step).filter((e) => e === "step.complete")).toHaveLength(1);
    expect(step.events.find((e) => e.type === "step.lease_expired")?.data).toMatchObject({
      previous_owner: stalled.id,
    });
    const claims = step.events.filter((e) => e.type === "step.claim").map((e) => e.data?.worker);
    expect(claims).toEqual([stalled.id, healthy.id]);
    // step 2 ran exactly once, released by the winning completion
    const second = (await stepsOf(db, run.id))[1]!;
    expect(probe.callsFor(second.id)).toHaveLength(1);
    expect(second).toMatchObject({ status: "completed", attempt: 1 });
  });

  it("a worker that re-claims a step it lost keeps tracking the newer attempt (cancel still reaches it)", async () => {
    const { db, handle } = ctx();
    const stall = deferred();
    const probe = new Probe(async (_ctx, call) => {
      if (call.attempt === 1) {
        await stall.promise;
        return { output: {} };
      }
      const reason = await aborted(call.signal); // attempt 2 runs until told to stop
      throw reason;
    });
    const wf = await makeWorkflow(db, t.orgId, [{}]);
    const run = await start(db, t.actor, wf.workflowId);
    // no heartbeat before the lease lapses, and room to claim the same step again
    const worker = testWorker(
      handle,
      { todo: probe.handler },
      { leaseMs: 60_000, heartbeatMs: 60_000, concurrency: 2 },
    );
    await withWorkers([worker], async () => {
      const first = await probe.waitForCall((c) => c.attempt === 1);
      await expireLease(db, first.stepId); // the lease lapses; the reaper hands the step out again
      const second = await probe.waitForCall((c) => c.attempt === 2);
      expect(second.stepId).toBe(first.stepId);
      stall.resolve(); // the stale attempt ends (its completion is fenced out)…
      await waitFor(() => first.settled, 30_000, "stale attempt settled");
      await sleep(50);
      expect(worker.activeSteps).toBe(1); // …and the newer attempt is still the worker's
      await withTenant(db, t.orgId, (tx) => cancelRun(tx, t.actor, run.id));
      await waitFor(() => second.settled, 30_000, "newer attempt told to stop");
      expect((second.signal.reason as AbortReason).kind).toBe("cancelled");
    });
    expect((await getRun(db, run.id)).status).toBe("cancelled");
  });

  it("an error message with NUL bytes is recorded without them", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async () => {
      throw new StepError("upstream said \u0000\u0000 (binary)");
    });
    const wf = await makeWorkflow(db, t.orgId, [{ stepName: "Call" }]);
    const run = await start(db, t.actor, wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["failed"]),
    );
    const [step] = await stepsOf(db, run.id);
    expect(step).toMatchObject({ status: "failed", attempt: 1, errorMessage: "upstream said  (binary)" });
    expect((await getRun(db, run.id)).errorMessage).toBe("Step 1 (Call) failed: upstream said  (binary)");
  });

  it("an outcome the database refuses to store does not crash the worker; the reaper takes the step back", async () => {
    const { db, handle } = ctx();
    const logs: string[] = [];
    const probe = new Probe(async () => {
      // jsonb cannot hold NUL: recording these details fails, every time
      throw new StepError("bad payload", { details: { raw: "\u0000" } });
    });
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 3 }]);
    const run = await start(db, t.actor, wf.workflowId);
    const [first] = await stepsOf(db, run.id);
    const worker = testWorker(handle, { todo: probe.handler }, { leaseMs: 300, log: (m) => logs.push(m) });
    await withWorkers([worker], async () => {
      await probe.waitForCall((c) => c.attempt === 2); // requeued after its lease lapsed, and claimed again
      await waitFor(() => worker.activeSteps === 0 || null, 30_000, "worker idle");
    });
    expect(logs).toContain("attempt not recorded");
    const step = await getStep(db, first!.id);
    expect(step.events.some((e) => e.type === "step.lease_expired")).toBe(true);
    expect(step.attempt).toBeGreaterThanOrEqual(2);
  });

  it("stop resolves when ending its notice subscription fails (the connection was cut under it)", async () => {
    const { handle } = ctx();
    const logs: string[] = [];
    const cut = Object.assign(new Error("write CONNECTION_ENDED"), { code: "CONNECTION_ENDED" });
    // the subscription of a PostgreSQL pool whose listening connection was terminated
    const pg = {
      listen: async () => ({ state: {}, unlisten: () => Promise.reject(cut) }),
    } as unknown as NonNullable<DbHandle["pg"]>;
    const worker = testWorker({ ...handle, pglite: undefined, pg }, {}, { log: (m) => logs.push(m) });
    await worker.start();
    await expect(worker.stop(100)).resolves.toBeUndefined();
    expect(logs).toContain("unsubscribe failed on stop");
  });

  it("claims the next step on notification alone: no wake-up is lost while the worker is busy", async () => {
    const { db, handle } = ctx();
    const probe = new Probe();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}, {}]);
    // one slot and a poll far beyond the test's patience: only wake-ups can move this run along
    const worker = testWorker(
      handle,
      { todo: probe.handler },
      { concurrency: 1, pollMs: 120_000, housekeepingMs: 120_000 },
    );
    await withWorkers([worker], async () => {
      await sleep(50); // the worker's first claim finds nothing; from here on it sleeps
      const run = await start(db, t.actor, wf.workflowId);
      await waitForRun(db, run.id, ["completed"], 30_000);
    });
    expect(probe.calls.map((c) => c.stepNumber)).toEqual([1, 2, 3, 4]);
  });
});
