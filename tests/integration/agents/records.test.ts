import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { interviews, matchResults, todos, type WorkflowRun, type WorkflowRunStep } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { interviewHandler, todoHandler } from "@/lib/agents/handlers/records";
import type { HandlerContext } from "@/lib/agents/types";
import { type Actor, decideApproval, startManualStep } from "@/lib/engine/runs";
import {
  createJob,
  customWorkflow,
  getRun,
  getSteps,
  runToEnd,
  setupOrg,
  startCustomRun,
  testWorker,
  textUpload,
  until,
  uploadResume,
} from "../../helpers/agents";
import { describeDrivers, query, type TestDb } from "../../helpers/db";
import { makeUser } from "../../helpers/factories";

/** The context a Worker gives a handler, for running one again as a retried attempt would. */
function contextFor(
  t: TestDb,
  run: WorkflowRun,
  step: WorkflowRunStep,
  input: Record<string, unknown> = {},
): HandlerContext {
  return {
    db: t.db,
    run,
    step,
    input,
    signal: new AbortController().signal,
    tenant: (fn) => withTenant(t.db, run.orgId, fn),
    progress: async () => {},
  };
}

describeDrivers("interview_scheduling and todo steps", (t) => {
  it("create one interview and one todo linked to the workflow and run, however often they run", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const resume = await uploadResume(db, org.orgId, { ...textUpload(1), candidateName: "Ada Candidate" });
    const { workflowId } = await customWorkflow(db, org, [
      {
        stepType: "interview_scheduling",
        stepName: "Book interview",
        config: { title: "Technical interview", duration_minutes: 45, location: "Room 4", days_ahead: 5 },
      },
      {
        stepType: "todo",
        stepName: "Follow up",
        config: { title: "Send feedback", priority: "high", due_in_hours: 24 },
      },
    ]);
    const started = await startCustomRun(db, org, workflowId, { resumeIds: [resume.id] });
    const before = Date.now();
    const run = await runToEnd(t(), org.orgId, started.id);
    expect(run.status, run.errorMessage ?? "").toBe("completed");

    const rows = async () =>
      withTenant(db, org.orgId, async (tx) => ({
        interviews: await tx.select().from(interviews).where(eq(interviews.runId, run.id)),
        todos: await tx.select().from(todos).where(eq(todos.runId, run.id)),
      }));
    const first = await rows();
    expect(first.interviews).toHaveLength(1);
    expect(first.todos).toHaveLength(1);
    const interview = first.interviews[0]!;
    const todo = first.todos[0]!;
    expect(interview).toMatchObject({
      workflowId,
      runId: run.id,
      title: "Technical interview",
      durationMinutes: 45,
      location: "Room 4",
      resumeId: resume.id,
      candidateName: "Ada Candidate",
      createdBy: org.user.id,
      status: "scheduled",
    });
    expect(interview.scheduledAt!.getTime()).toBeGreaterThan(before + 4 * 86_400_000);
    expect(todo).toMatchObject({
      workflowId,
      runId: run.id,
      title: "Send feedback",
      priority: "high",
      assigneeId: org.user.id,
      status: "open",
    });
    const dueIn = todo.dueAt!.getTime() - before;
    expect(dueIn).toBeGreaterThan(23 * 3_600_000);
    expect(dueIn).toBeLessThan(25 * 3_600_000);

    const [interviewStep, todoStep] = await getSteps(db, org.orgId, run.id);
    expect(interviewStep!.outputData).toMatchObject({
      interview_id: interview.id,
      interview_ids: [interview.id],
    });
    expect(todoStep!.outputData).toMatchObject({ todo_id: todo.id });

    // a retried attempt (twice in a row, then two overlapping ones) finds the rows it already made
    const fresh = await getRun(db, org.orgId, run.id);
    const again = [
      await interviewHandler(contextFor(t(), fresh, interviewStep!)),
      await todoHandler(contextFor(t(), fresh, todoStep!)),
      ...(await Promise.all([
        interviewHandler(contextFor(t(), fresh, interviewStep!)),
        interviewHandler(contextFor(t(), fresh, interviewStep!)),
        todoHandler(contextFor(t(), fresh, todoStep!)),
        todoHandler(contextFor(t(), fresh, todoStep!)),
      ])),
    ];
    expect(again.map((r) => r.output.interview_id ?? r.output.todo_id)).toEqual([
      interview.id,
      todo.id,
      interview.id,
      interview.id,
      todo.id,
      todo.id,
    ]);
    const after = await rows();
    expect(after.interviews.map((i) => i.id)).toEqual([interview.id]);
    expect(after.todos.map((i) => i.id)).toEqual([todo.id]);
  });

  it("create exactly one row when two attempts of a new run overlap", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { workflowId } = await customWorkflow(db, org, [
      { stepType: "interview_scheduling", stepName: "Screen call", autoStart: false },
      { stepType: "todo", stepName: "Prepare offer", autoStart: false },
    ]);
    // the run waits on a manual start, so no worker touches these steps: the handlers run only here
    const run = await startCustomRun(db, org, workflowId);
    const [interviewStep, todoStep] = await getSteps(db, org.orgId, run.id);
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => interviewHandler(contextFor(t(), run, interviewStep!))),
      ...Array.from({ length: 3 }, () => todoHandler(contextFor(t(), run, todoStep!))),
    ]);
    expect(new Set(results.slice(0, 3).map((r) => r.output.interview_id)).size).toBe(1);
    expect(new Set(results.slice(3).map((r) => r.output.todo_id)).size).toBe(1);
    const [counts] = await query<{ interviews: number; todos: number }>(
      db,
      sql`select (select count(*)::int from interviews where run_id = ${run.id}) as interviews,
                 (select count(*)::int from todos where run_id = ${run.id}) as todos`,
    );
    expect(counts).toEqual({ interviews: 1, todos: 1 });
    const [i] = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(interviews).where(eq(interviews.runId, run.id)),
    );
    expect(i).toMatchObject({
      title: "Screen call",
      workflowId,
      durationMinutes: 60,
      location: "Video call",
    });
  });
});

describeDrivers("Candidate Pipeline through a Worker", (t) => {
  it("screens a fresh upload, waits for two approvals, the delay and the phone screen, then books and assigns", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const managers = await withTenant(db, org.orgId, async (tx) => [
      await makeUser(tx, { orgId: org.orgId, role: "manager" }),
      await makeUser(tx, { orgId: org.orgId, role: "manager" }),
    ]);
    const jd = await createJob(db, org.orgId);
    const resume = await uploadResume(db, org.orgId, textUpload(0)); // Maya, never extracted or read
    const run0 = await startCustomRun(db, org, org.pipelineWorkflowId, {
      jdId: jd.id,
      resumeIds: [resume.id],
      inputs: { jd_id: jd.id, resume_ids: [resume.id] },
      context: { candidate_name: "Maya Patel" },
    });
    const stepOf = async (n: number) => (await getSteps(db, org.orgId, run0.id))[n - 1]!;
    const waitStep = (n: number, status: WorkflowRunStep["status"]) =>
      until(`step ${n} to be ${status}`, async () => {
        const s = await stepOf(n);
        if (["failed", "timeout", "cancelled"].includes(s.status))
          throw new Error(`step ${n} ${s.status}: ${s.errorMessage}`);
        return s.status === status ? s : null;
      });

    const worker = testWorker(t());
    await worker.start();
    try {
      const screening = await waitStep(1, "completed");
      const matches = screening.outputData!.matches as { resume_id: string; band: string }[];
      expect(matches).toEqual([expect.objectContaining({ resume_id: resume.id, band: "excellent" })]);
      const [match] = await withTenant(db, org.orgId, (tx) =>
        tx.select().from(matchResults).where(eq(matchResults.runId, run0.id)),
      );
      expect(match?.resumeId).toBe(resume.id);

      const gate = await waitStep(2, "waiting_approval");
      expect((await getRun(db, org.orgId, run0.id)).status).toBe("waiting");
      for (const m of managers) {
        const actor: Actor & { userId: string; role: "manager" } = {
          orgId: org.orgId,
          userId: m.id,
          role: "manager",
        };
        await withTenant(db, org.orgId, (tx) =>
          decideApproval(tx, actor, { stepId: gate.id, decision: "approved" }),
        );
      }
      const approved = await waitStep(2, "completed");
      expect(approved.outputData).toMatchObject({ approved: true, approvals: 2 });
      expect([...(approved.outputData!.approved_by as string[])].sort()).toEqual(
        managers.map((m) => m.id).sort(),
      );

      const delay = await waitStep(3, "scheduled");
      expect(delay.runAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      await query(db, sql`update workflow_run_steps set run_at = now() where id = ${delay.id}`);
      expect((await waitStep(3, "completed")).outputData).toEqual({ waited_seconds: 60 });

      const phone = await waitStep(4, "waiting_manual");
      await withTenant(db, org.orgId, (tx) => startManualStep(tx, org.actor, phone.id));
      const run = await until("the run to end", async () => {
        const r = await getRun(db, org.orgId, run0.id);
        return ["completed", "failed"].includes(r.status) ? r : null;
      });
      const steps = await getSteps(db, org.orgId, run0.id);
      expect(
        run.status,
        `${run.errorMessage} ${steps.map((s) => `${s.stepNumber}:${s.status}`).join(" ")}`,
      ).toBe("completed");
      expect(steps[3]!.outputData).toEqual({ started_by: org.user.id });

      const [interview] = await withTenant(db, org.orgId, (tx) =>
        tx.select().from(interviews).where(eq(interviews.runId, run0.id)),
      );
      expect(interview).toMatchObject({
        workflowId: org.pipelineWorkflowId,
        title: "Panel interview",
        resumeId: resume.id,
        candidateName: "Maya Patel",
      });
      expect(steps[4]!.outputData).toMatchObject({ interview_ids: [interview!.id] });
      const [todo] = await withTenant(db, org.orgId, (tx) =>
        tx.select().from(todos).where(eq(todos.runId, run0.id)),
      );
      expect(todo).toMatchObject({
        workflowId: org.pipelineWorkflowId,
        title: "Send offer pack",
        priority: "high",
      });
      expect(steps[5]!.outputData).toMatchObject({ todo_id: todo!.id });
    } finally {
      await worker.stop();
    }
  });
});

describeDrivers("external steps", (t) => {
  it("are never claimed by a worker", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const external = await customWorkflow(db, org, [
      { stepType: "external", stepName: "Voice agent call", maxRetries: 2 },
    ]);
    const local = await customWorkflow(db, org, [{ stepType: "todo", stepName: "Marker" }]);
    const waiting = await startCustomRun(db, org, external.workflowId);
    const [queued] = await getSteps(db, org.orgId, waiting.id);
    expect(queued!.status).toBe("queued");

    // a run started after it: once that completes, the worker has claimed while the external step was due
    const marker = await startCustomRun(db, org, local.workflowId);
    const worker = testWorker(t());
    await worker.start();
    try {
      await until(
        "the marker run to complete",
        async () => (await getRun(db, org.orgId, marker.id)).status === "completed",
      );
      await new Promise((r) => setTimeout(r, 200)); // several more polls
    } finally {
      await worker.stop();
    }
    const [still] = await getSteps(db, org.orgId, waiting.id);
    expect(still).toMatchObject({ status: "queued", attempt: 0, leaseOwner: null, errorMessage: null });
    expect(still!.events.map((e) => e.type)).not.toContain("step.claim");
  });
});
