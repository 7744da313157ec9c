// The scheduler's claim/lease/fence protocol, driven statement by statement (no Worker loop), so every
// interleaving is chosen by the test.
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import type { WorkflowRunStep } from "@/db/schema";
import { backoffCeilingMs } from "@/lib/engine/backoff";
import {
  claimSteps,
  completeStep,
  failStep,
  heartbeat,
  reapExpiredLeases,
  releaseStep,
} from "@/lib/engine/scheduler";
import { describeDrivers, query } from "../../helpers/db";
import {
  eventTypes,
  expireLease,
  getRun,
  getStep,
  makeDue,
  makeTenant,
  makeWorkflow,
  quiesce,
  start,
  startMany,
  stepsOf,
  type Tenant,
} from "../../helpers/engine";

const LEASE = { leaseMs: 60_000 };

describeDrivers("engine: claims, leases and fencing", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  async function claimOne(workerId: string): Promise<WorkflowRunStep> {
    const claimed = await claimSteps(ctx().db, { workerId, batch: 1, ...LEASE });
    expect(claimed).toHaveLength(1);
    return claimed[0]!;
  }

  it("claims due steps in batches with a lease, marks their runs active, and never hands one out twice", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const runs = await startMany(db, t.actor, wf.workflowId, 3);
    const first = await claimSteps(db, { workerId: "w-1", batch: 2, ...LEASE });
    expect(first).toHaveLength(2);
    const second = await claimSteps(db, { workerId: "w-2", batch: 5, ...LEASE });
    expect(second).toHaveLength(1);
    expect(await claimSteps(db, { workerId: "w-3", batch: 5, ...LEASE })).toEqual([]);

    const all = [...first, ...second];
    expect(new Set(all.map((s) => s.id)).size).toBe(3);
    expect(all.map((s) => s.stepNumber)).toEqual([1, 1, 1]); // step 2 of each run is not released yet
    for (const s of all) {
      expect(s.status).toBe("running");
      expect(s.attempt).toBe(1);
      expect(s.leaseExpiresAt!.getTime()).toBeGreaterThan(s.heartbeatAt!.getTime());
      const claim = s.events.at(-1)!;
      expect(claim.type).toBe("step.claim");
      expect(claim.data).toMatchObject({ from: "queued", to: "running", attempt: 1 });
    }
    expect(first.map((s) => s.leaseOwner)).toEqual(["w-1", "w-1"]);
    expect(second[0]!.leaseOwner).toBe("w-2");
    for (const run of runs) expect((await getRun(db, run.id)).status).toBe("active");
  });

  it("lost claim: a stale worker's completion changes nothing and the newer attempt is untouched", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    const stale = await claimOne("worker-old");

    // the old worker stalls past its lease; the reaper requeues, a new worker claims attempt 2
    await expireLease(db, stale.id);
    expect(await reapExpiredLeases(db)).toBe(1);
    const fresh = await claimOne("worker-new");
    expect(fresh.id).toBe(stale.id);
    expect(fresh.attempt).toBe(2);
    const before = await getStep(db, fresh.id);
    const runBefore = await getRun(db, run.id);

    // the stale attempt reports in: every write is fenced out and writes nothing
    expect(await completeStep(db, stale, { output: { by: "worker-old" } })).toBe("lost");
    expect(await failStep(db, stale, { kind: "fail", retryable: true, message: "late failure" })).toBe(
      "lost",
    );
    expect(await failStep(db, stale, { kind: "timeout", retryable: false, message: "late timeout" })).toBe(
      "lost",
    );
    expect(await heartbeat(db, stale, 60_000)).toBe(false);
    await releaseStep(db, stale);

    expect(await getStep(db, fresh.id)).toEqual(before);
    expect(await getRun(db, run.id)).toEqual(runBefore);
    const steps = await stepsOf(db, run.id);
    expect(steps[1]!.status).toBe("pending"); // the run did not advance

    // the newer attempt finishes normally, with its own output
    expect(await heartbeat(db, fresh, 60_000)).toBe(true);
    expect(await completeStep(db, fresh, { output: { by: "worker-new" } })).toBe("ok");
    const done = await getStep(db, fresh.id);
    expect(done).toMatchObject({
      status: "completed",
      attempt: 2,
      outputData: { by: "worker-new" },
      leaseOwner: null,
    });
    expect(eventTypes(done).filter((e) => e === "step.complete")).toHaveLength(1);
    expect((await stepsOf(db, run.id))[1]!.status).toBe("queued");
  });

  it("stale-lease sweep: only the expired lease is requeued, without spending a retry", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 2 }]);
    await startMany(db, t.actor, wf.workflowId, 2);
    const [expired, alive] = await claimSteps(db, { workerId: "w-sweep", batch: 2, ...LEASE });
    await expireLease(db, expired!.id);
    const aliveBefore = await getStep(db, alive!.id);

    expect(await reapExpiredLeases(db)).toBe(1);

    const requeued = await getStep(db, expired!.id);
    expect(requeued).toMatchObject({
      status: "queued",
      attempt: 1,
      retryCount: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    const event = requeued.events.at(-1)!;
    expect(event.type).toBe("step.lease_expired");
    expect(event.data).toMatchObject({
      from: "running",
      to: "queued",
      attempt: 1,
      previous_owner: "w-sweep",
    });
    expect(await getStep(db, alive!.id)).toEqual(aliveBefore);
    expect(await reapExpiredLeases(db)).toBe(0);

    // the requeued step is due at once; the next claim fences the old holder out with attempt 2
    const [again] = await claimSteps(db, { workerId: "w-next", batch: 5, ...LEASE });
    expect(again).toMatchObject({ id: expired!.id, attempt: 2, leaseOwner: "w-next" });
    expect(await claimSteps(db, { workerId: "w-next", batch: 5, ...LEASE })).toEqual([]);
  });

  it("retries with exponential backoff and jitter, then fails the run keeping the last error", async () => {
    const { db } = ctx();
    const maxRetries = 3;
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries, stepName: "Flaky" }, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    const delays: number[] = [];
    for (let retry = 0; retry <= maxRetries; retry++) {
      const claimed = await claimOne("w-retry");
      expect(claimed.attempt).toBe(retry + 1);
      expect(
        await failStep(db, claimed, { kind: "fail", retryable: true, message: `boom ${retry + 1}` }),
      ).toBe("ok");
      const step = await getStep(db, claimed.id);
      const event = step.events.at(-1)!;
      expect(event.type).toBe("step.fail");
      if (retry === maxRetries) {
        expect(step).toMatchObject({ status: "failed", retryCount: maxRetries, attempt: maxRetries + 1 });
        expect(event.data).toMatchObject({ to: "failed", retriesExhausted: maxRetries, error: "boom 4" });
        break;
      }
      expect(step).toMatchObject({ status: "queued", retryCount: retry + 1, leaseOwner: null });
      const data = event.data as { retry: number; delayMs: number; runAt: string; to: string };
      expect(data).toMatchObject({ to: "queued", retry: retry + 1, maxRetries, error: `boom ${retry + 1}` });
      // equal jitter: within [ceiling/2, ceiling] of min(5 min, 1 s · 2^retry)
      const ceiling = backoffCeilingMs(retry);
      expect(ceiling).toBe(1000 * 2 ** retry);
      expect(data.delayMs).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(data.delayMs).toBeLessThanOrEqual(ceiling);
      // run_at is exactly the failure time plus the drawn delay
      expect(Date.parse(data.runAt) - Date.parse(event.timestamp)).toBe(data.delayMs);
      expect(step.runAt!.toISOString()).toBe(data.runAt);
      delays.push(data.delayMs);
      // not due yet: nobody can claim it before run_at
      const [{ due } = { due: true }] = await query<{ due: boolean }>(
        db,
        sql`select run_at <= now() as due from workflow_run_steps where id = ${step.id}`,
      );
      if (!due) expect(await claimSteps(db, { workerId: "w-early", batch: 5, ...LEASE })).toEqual([]);
      await makeDue(db, step.id);
    }
    // each retry waits at least as long as the one before (the floor doubles)
    expect(delays).toEqual([...delays].sort((a, b) => a - b));

    const failed = await getRun(db, run.id);
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toBe("Step 1 (Flaky) failed: boom 4");
    expect(failed.errorDetails).toMatchObject({ step_number: 1, attempts: 4 });
    const steps = await stepsOf(db, run.id);
    expect(steps[0]!.errorMessage).toBe("boom 4");
    expect(steps[1]!.status).toBe("skipped");
  });

  it("a non-retryable failure ends the step at once; timeouts retry and end in timeout", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 5 }]);
    const runA = await start(db, t.actor, wf.workflowId);
    const a = await claimOne("w");
    await failStep(db, a, { kind: "fail", retryable: false, message: "bad record" });
    expect(await getStep(db, a.id)).toMatchObject({ status: "failed", attempt: 1, retryCount: 0 });
    expect(await getRun(db, runA.id)).toMatchObject({ status: "failed" });

    const wf2 = await makeWorkflow(db, t.orgId, [{ maxRetries: 1, timeoutSeconds: 5 }]);
    const runB = await start(db, t.actor, wf2.workflowId);
    const b1 = await claimOne("w");
    await failStep(db, b1, { kind: "timeout", retryable: true, message: "Timed out after 5 s" });
    const requeued = await getStep(db, b1.id);
    expect(requeued).toMatchObject({ status: "queued", retryCount: 1 });
    expect(requeued.events.at(-1)).toMatchObject({ type: "step.timeout", data: { to: "queued" } });
    await makeDue(db, b1.id);
    const b2 = await claimOne("w");
    await failStep(db, b2, { kind: "timeout", retryable: true, message: "Timed out after 5 s" });
    expect(await getStep(db, b1.id)).toMatchObject({ status: "timeout", attempt: 2 });
    expect(await getRun(db, runB.id)).toMatchObject({
      status: "timeout",
      errorMessage: "Step 1 (Step 1) timed out: Timed out after 5 s",
    });
  });

  it("heartbeats extend only the current attempt's lease; a release gives the step back without a retry", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 1 }]);
    await start(db, t.actor, wf.workflowId);
    const claimed = await claimSteps(db, { workerId: "w-hb", batch: 1, leaseMs: 1_000 });
    const step = claimed[0]!;
    expect(await heartbeat(db, step, 120_000)).toBe(true);
    const extended = await getStep(db, step.id);
    expect(extended.leaseExpiresAt!.getTime() - extended.heartbeatAt!.getTime()).toBe(120_000);

    await releaseStep(db, step);
    const released = await getStep(db, step.id);
    expect(released).toMatchObject({ status: "queued", attempt: 1, retryCount: 0, leaseOwner: null });
    expect(released.events.at(-1)).toMatchObject({
      type: "step.lease_expired",
      data: { reason: "worker shutdown" },
    });
    expect(await heartbeat(db, step, 120_000)).toBe(false);
  });
});
