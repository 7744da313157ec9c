// Approval decisions are final for the run they were made in (issue 11): no retry or rerun-from turns
// a rejection into a pass; a rerun is a new run whose gate starts a new round with no decisions, and a
// rerun from a later step is a new run that carries the decided gate over, leaving the original as it was.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { stepApprovals, type User, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { decideApproval, EngineError, rerunFromStep, rerunRun, retryStep } from "@/lib/engine/runs";
import { describeDrivers } from "../../helpers/db";
import {
  actorOf,
  getRun,
  getStep,
  makeTenant,
  makeUsers,
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

describeDrivers("engine: approval decisions are final", (ctx) => {
  let t: Tenant;
  let approvers: User[];

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
    approvers = await makeUsers(ctx().db, t.orgId, 2, "recruiter");
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(ctx().db, t.orgId, fn);

  async function gatedRun(needed = 1) {
    const wf = await makeWorkflow(ctx().db, t.orgId, [
      {
        stepType: "approval",
        stepName: "Hiring sign-off",
        requiredHumanApproval: true,
        numberOfApprovalsNeeded: needed,
        approvers: approvers.map((u) => u.id),
      },
      {},
    ]);
    const run = await start(ctx().db, t.actor, wf.workflowId);
    const [gate, next] = await stepsOf(ctx().db, run.id);
    return { run, gate: gate!, next: next! };
  }

  async function refusal(promise: Promise<unknown>): Promise<EngineError> {
    const outcome = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(EngineError);
    return outcome as EngineError;
  }

  it("a rejected gate cannot be retried or rerun from, by its owner or anyone; nothing changes", async () => {
    const { db } = ctx();
    const { run, gate } = await gatedRun(2);
    await inTenant((tx) =>
      decideApproval(tx, actorOf(approvers[0]!), { stepId: gate.id, decision: "rejected", comment: "no" }),
    );
    const before = { run: await getRun(db, run.id), gate: await getStep(db, gate.id) };

    const retry = await refusal(inTenant((tx) => retryStep(tx, t.actor, gate.id)));
    expect(retry.code).toBe("conflict");
    expect(retry.message).toMatch(/Step 1 \(Hiring sign-off\) was rejected .* decisions are final/);
    expect(retry.details).toEqual({ step_number: 1, decision: "rejected" });
    const rerunFrom = await refusal(inTenant((tx) => rerunFromStep(tx, t.actor, run.id, 1)));
    expect(rerunFrom.code).toBe("conflict");
    expect(rerunFrom.details).toEqual({ step_number: 1, decision: "rejected" });
    // nor does a rerun from the step after it carry the rejected gate over as passed
    const later = await refusal(inTenant((tx) => rerunFromStep(tx, t.actor, run.id, 2)));
    expect(later.code).toBe("conflict");
    expect(await db.select().from(workflowRuns).where(eq(workflowRuns.rerunOf, run.id))).toEqual([]);

    expect(await getRun(db, run.id)).toEqual(before.run);
    expect(await getStep(db, gate.id)).toEqual(before.gate);
    const decisions = await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, gate.id));
    expect(decisions.map((d) => d.decision)).toEqual(["rejected"]);
  });

  it("an approved gate is not run again either: rerunning from it is refused; from a later step, a new run carries it", async () => {
    const { db, handle } = ctx();
    const { run, gate, next } = await gatedRun(1);
    const probe = new Probe();
    await withWorkers([testWorker(handle, { approval: probe.handler, todo: probe.handler })], async () => {
      await inTenant((tx) =>
        decideApproval(tx, actorOf(approvers[0]!), { stepId: gate.id, decision: "approved" }),
      );
      await waitForRun(db, run.id, ["completed"]);
    });
    expect((await getStep(db, gate.id)).status).toBe("completed");

    const refused = await refusal(inTenant((tx) => rerunFromStep(tx, t.actor, run.id, 1)));
    expect(refused.details).toEqual({ step_number: 1, decision: "approved" });
    expect((await getStep(db, gate.id)).status).toBe("completed");

    const before = {
      run: await getRun(db, run.id),
      gate: await getStep(db, gate.id),
      next: await getStep(db, next.id),
    };
    const rerun = await inTenant((tx) => rerunFromStep(tx, t.actor, run.id, 2));
    expect(rerun.id).not.toBe(run.id);
    expect(rerun.rerunOf).toBe(run.id);
    const [carriedGate, newNext] = await stepsOf(db, rerun.id);
    // the gate passed once, in the original: carried as completed, with no decision of its own to overturn
    expect(carriedGate).toMatchObject({ status: "completed", stepName: "Hiring sign-off", startedAt: null });
    expect(carriedGate!.events.at(-1)).toMatchObject({
      type: "step.carried",
      data: { from_run: run.publicId, from_step: gate.id },
    });
    expect(await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, carriedGate!.id))).toEqual(
      [],
    );
    expect(newNext!.status).toBe("queued");
    // the original, its gate and its decision are as they were
    expect(await getRun(db, run.id)).toEqual(before.run);
    expect(await getStep(db, gate.id)).toEqual(before.gate);
    expect(await getStep(db, next.id)).toEqual(before.next);
    const decisions = await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, gate.id));
    expect(decisions.map((d) => d.decision)).toEqual(["approved"]);
  });

  it("a rerun is a new run, linked to the original, whose gate starts a new round with no decisions", async () => {
    const { db } = ctx();
    const { run, gate } = await gatedRun(1);
    await inTenant((tx) =>
      decideApproval(tx, actorOf(approvers[1]!), { stepId: gate.id, decision: "rejected", comment: "no" }),
    );
    const again = await inTenant((tx) => rerunRun(tx, t.actor, run.id));
    expect(again.id).not.toBe(run.id);
    expect(again.publicId).not.toBe(run.publicId);
    expect(again.rerunOf).toBe(run.id);
    const [newGate] = await stepsOf(db, again.id);
    expect(newGate!.status).toBe("waiting_approval");
    expect(await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, newGate!.id))).toEqual([]);
    // the same approver decides afresh in the new round
    const outcome = await inTenant((tx) =>
      decideApproval(tx, actorOf(approvers[1]!), { stepId: newGate!.id, decision: "approved" }),
    );
    expect(outcome.step.status).not.toBe("waiting_approval");
    // and the original keeps its rejection
    expect((await getRun(db, run.id)).status).toBe("failed");
  });
});
