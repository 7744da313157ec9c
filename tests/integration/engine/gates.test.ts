// Progression by order through the gates: human approval (N of M), manual start, delay.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { stepApprovals, type User } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { IllegalTransition } from "@/lib/engine/apply";
import { decideApproval, EngineError, startManualStep, stepsAwaitingApproval } from "@/lib/engine/runs";
import { claimSteps } from "@/lib/engine/scheduler";
import { describeDrivers } from "../../helpers/db";
import {
  actorOf,
  eventTypes,
  getRun,
  getStep,
  makeDue,
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
  waitForStep,
  withWorkers,
} from "../../helpers/engine";

type Decision = "approved" | "rejected";

describeDrivers("engine: gates", (ctx) => {
  let t: Tenant;
  let approvers: User[];
  let outsider: User;
  let manager: User;

  beforeAll(async () => {
    const { db } = ctx();
    t = await makeTenant(ctx().db);
    approvers = await makeUsers(db, t.orgId, 3, "recruiter");
    outsider = (await makeUsers(db, t.orgId, 1, "admin"))[0]!;
    manager = (await makeUsers(db, t.orgId, 1, "manager"))[0]!;
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  function decide(user: User, stepId: string, decision: Decision, comment?: string) {
    return withTenant(ctx().db, t.orgId, (tx) =>
      decideApproval(tx, actorOf(user), { stepId, decision, comment }),
    );
  }

  async function approvalRun(needed: number, list: string[] = approvers.map((u) => u.id)) {
    const wf = await makeWorkflow(ctx().db, t.orgId, [
      {
        stepType: "approval",
        stepName: "Hiring sign-off",
        requiredHumanApproval: true,
        numberOfApprovalsNeeded: needed,
        approvers: list,
      },
      {},
    ]);
    const run = await start(ctx().db, t.actor, wf.workflowId);
    const steps = await stepsOf(ctx().db, run.id);
    return { run, gate: steps[0]!, next: steps[1]! };
  }

  async function refusal(promise: Promise<unknown>) {
    return promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e,
    );
  }

  it("approval: waits for N distinct listed approvers, refuses outsiders and repeat votes, then runs on", async () => {
    const { db, handle } = ctx();
    const [a, b, c] = approvers as [User, User, User];
    const { run, gate } = await approvalRun(2);
    expect(gate.status).toBe("waiting_approval");
    expect((await getRun(db, run.id)).status).toBe("waiting");
    const inbox = await withTenant(db, t.orgId, (tx) => stepsAwaitingApproval(tx, t.orgId, c));
    expect(inbox.map((s) => s.id)).toContain(gate.id);

    // an admin who is not on the list is refused, and nothing is recorded
    const refused = await refusal(decide(outsider, gate.id, "approved"));
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe("forbidden");

    const first = await decide(a, gate.id, "approved", "strong profile");
    expect(first).toMatchObject({ approvals: 1, needed: 2 });
    expect(first.step.status).toBe("waiting_approval");
    expect(first.step.events.at(-1)).toMatchObject({
      type: "step.approval",
      data: { by: a.id, approvals: 1 },
    });
    // the same approver twice does not count twice
    const again = await refusal(decide(a, gate.id, "approved"));
    expect((again as EngineError).code).toBe("conflict");
    expect((await getStep(db, gate.id)).status).toBe("waiting_approval");

    const probe = new Probe();
    await withWorkers([testWorker(handle, { approval: probe.handler, todo: probe.handler })], async () => {
      const second = await decide(b, gate.id, "approved");
      expect(second).toMatchObject({ approvals: 2, needed: 2 });
      expect(second.step.status).toBe("queued");
      expect(second.run.status).toBe("active");
      await waitForRun(db, run.id, ["completed"]);
    });
    // too late: the step no longer waits
    expect(await refusal(decide(c, gate.id, "approved"))).toBeInstanceOf(IllegalTransition);

    const done = await getStep(db, gate.id);
    expect(eventTypes(done)).toEqual([
      "step.created",
      "step.release",
      "step.approval",
      "step.approve_threshold_met",
      "step.claim",
      "step.complete",
    ]);
    expect(done.events[1]!.data).toMatchObject({ from: "pending", to: "waiting_approval" });
    const votes = await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, gate.id));
    expect(votes.map((v) => v.userId).sort()).toEqual([a.id, b.id].sort());
    expect(probe.calls.map((p) => p.stepNumber)).toEqual([1, 2]);
    expect(await withTenant(db, t.orgId, (tx) => stepsAwaitingApproval(tx, t.orgId, c))).toEqual([]);
  });

  it("approval with no approver list: managers and admins decide, other roles are refused", async () => {
    const [recruiter] = approvers as [User];
    const { gate } = await approvalRun(1, []);
    const refused = await refusal(decide(recruiter, gate.id, "approved"));
    expect((refused as EngineError).code).toBe("forbidden");
    const outcome = await decide(manager, gate.id, "approved");
    expect(outcome.step.status).toBe("queued");
  });

  it("approval: one rejection fails the step and the run, and the later steps never run", async () => {
    const { db } = ctx();
    const [a] = approvers as [User];
    const { run, gate, next } = await approvalRun(2);
    const outcome = await decide(a, gate.id, "rejected", "salary out of band");
    expect(outcome.step).toMatchObject({ status: "failed", errorMessage: "Rejected: salary out of band" });
    expect(outcome.run.status).toBe("failed");
    expect(await getRun(db, run.id)).toMatchObject({
      status: "failed",
      errorMessage: "Step 1 (Hiring sign-off) was rejected: salary out of band",
    });
    expect((await getStep(db, next.id)).status).toBe("skipped");
    expect(await claimSteps(db, { workerId: "w-reject", batch: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it("approval: simultaneous approve and reject resolve to exactly one outcome", async () => {
    const { db } = ctx();
    const [a, b] = approvers as [User, User];
    const cases = await Promise.all(Array.from({ length: 6 }, () => approvalRun(1)));
    const results = await Promise.all(
      cases.map(({ gate }) =>
        Promise.allSettled([decide(a, gate.id, "approved"), decide(b, gate.id, "rejected", "no")]),
      ),
    );
    for (const [i, [approve, reject]] of results.entries()) {
      const { run, gate } = cases[i]!;
      const winners = [approve, reject].filter((r) => r!.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = [approve, reject].find((r) => r!.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(IllegalTransition);
      const step = await getStep(db, gate.id);
      const votes = await db.select().from(stepApprovals).where(eq(stepApprovals.stepId, gate.id));
      expect(votes).toHaveLength(1); // the loser's vote rolled back with its transaction
      if (approve!.status === "fulfilled") {
        expect(step.status).toBe("queued");
        expect((await getRun(db, run.id)).status).toBe("active");
        expect(votes[0]).toMatchObject({ userId: a.id, decision: "approved" });
      } else {
        expect(step.status).toBe("failed");
        expect((await getRun(db, run.id)).status).toBe("failed");
        expect(votes[0]).toMatchObject({ userId: b.id, decision: "rejected" });
      }
      expect(
        eventTypes(step).filter((e) => e === "step.approve_threshold_met" || e === "step.reject"),
      ).toHaveLength(1);
    }
  });

  it("approval: simultaneous approvals reaching the threshold release the step exactly once", async () => {
    const { db } = ctx();
    const [a, b, c] = approvers as [User, User, User];
    const cases = await Promise.all(Array.from({ length: 6 }, () => approvalRun(2)));
    await Promise.all(
      cases.map(({ gate }) => Promise.all([decide(a, gate.id, "approved"), decide(b, gate.id, "approved")])),
    );
    for (const { gate, run } of cases) {
      const step = await getStep(db, gate.id);
      expect(step.status).toBe("queued");
      expect(eventTypes(step).filter((e) => e === "step.approve_threshold_met")).toHaveLength(1);
      expect(eventTypes(step).filter((e) => e === "step.approval")).toHaveLength(1);
      expect((await getRun(db, run.id)).status).toBe("active");
      const votes = await db
        .select()
        .from(stepApprovals)
        .where(and(eq(stepApprovals.stepId, gate.id), eq(stepApprovals.decision, "approved")));
      expect(votes).toHaveLength(2);
      expect(await refusal(decide(c, gate.id, "approved"))).toBeInstanceOf(IllegalTransition);
    }
  });

  it("manual start: auto_start false waits until a user starts it, then the delay (if any) applies", async () => {
    const { db, handle } = ctx();
    const [a] = approvers as [User];
    const wf = await makeWorkflow(db, t.orgId, [
      {},
      { stepType: "manual", autoStart: false },
      { autoStart: false, delayInSeconds: 60 },
    ]);
    const run = await start(db, t.actor, wf.workflowId);
    const [, manual, delayed] = await stepsOf(db, run.id);
    const probe = new Probe();
    const worker = testWorker(handle, { todo: probe.handler, manual: probe.handler });
    await withWorkers([worker], async () => {
      await waitForStep(db, manual!.id, ["waiting_manual"]);
      expect((await getRun(db, run.id)).status).toBe("waiting");
      expect(await claimSteps(db, { workerId: "w-probe", batch: 10, leaseMs: 60_000 })).toEqual([]);

      const started = await withTenant(db, t.orgId, (tx) => startManualStep(tx, actorOf(a), manual!.id));
      expect(started.status).toBe("queued");
      expect(started.events.at(-1)).toMatchObject({ type: "step.manual_start", data: { by: a.id } });
      const again = await refusal(
        withTenant(db, t.orgId, (tx) => startManualStep(tx, actorOf(a), manual!.id)),
      );
      expect(again).toBeInstanceOf(IllegalTransition);

      // the third step needs a start too; once started it waits its delay, counted from the start
      await waitForStep(db, delayed!.id, ["waiting_manual"]);
      const third = await withTenant(db, t.orgId, (tx) => startManualStep(tx, t.actor, delayed!.id));
      expect(third.status).toBe("scheduled");
      const startEvent = third.events.at(-1)!;
      expect(third.runAt!.getTime() - Date.parse(startEvent.timestamp)).toBe(60_000);
      await makeDue(db, delayed!.id);
      await waitForRun(db, run.id, ["completed"]);
    });
    expect(probe.calls.map((c) => c.stepNumber)).toEqual([1, 2, 3]);
    expect(eventTypes(await getStep(db, manual!.id))).toEqual([
      "step.created",
      "step.release",
      "step.manual_start",
      "step.claim",
      "step.complete",
    ]);
    // another organization cannot start this tenant's step: it does not exist there
    const other = await makeTenant(db);
    const foreign = await refusal(
      withTenant(db, other.orgId, (tx) => startManualStep(tx, other.actor, manual!.id)),
    );
    expect((foreign as EngineError).code).toBe("not_found");
  });

  it("delay: a step with delay_in_seconds is scheduled until due, never claimed early, then runs", async () => {
    const { db, handle } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, { stepType: "delay", delayInSeconds: 3600 }, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    const [, delayed] = await stepsOf(db, run.id);
    const probe = new Probe();
    await withWorkers([testWorker(handle, { todo: probe.handler, delay: probe.handler })], async () => {
      const scheduled = await waitForStep(db, delayed!.id, ["scheduled"]);
      const release = scheduled.events.at(-1)!;
      expect(release).toMatchObject({ type: "step.release", data: { from: "pending", to: "scheduled" } });
      expect(scheduled.runAt!.toISOString()).toBe(release.data!.runAt);
      expect(scheduled.runAt!.getTime() - Date.parse(release.timestamp)).toBe(3_600_000);
      expect((await getRun(db, run.id)).status).toBe("waiting");
      expect(await claimSteps(db, { workerId: "w-early", batch: 10, leaseMs: 60_000 })).toEqual([]);
      expect(probe.calls.map((c) => c.stepNumber)).toEqual([1]);

      await makeDue(db, delayed!.id); // the hour has passed
      await waitForRun(db, run.id, ["completed"]);
    });
    expect(probe.calls.map((c) => c.stepNumber)).toEqual([1, 2, 3]);
    expect(eventTypes(await getStep(db, delayed!.id))).toEqual([
      "step.created",
      "step.release",
      "step.due",
      "step.claim",
      "step.complete",
    ]);
  });
});
