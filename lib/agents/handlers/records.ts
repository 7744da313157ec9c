import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { interviews, resumes, todos } from "@/db/schema";
import type { StepHandler } from "../types";

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (v: unknown) => {
  const s = str(v);
  return s && UUID.test(s) ? s : null;
};

/**
 * Serializes the attempts that would create one record. A step whose lease expired may still be
 * running when its next attempt starts; without the lock both could miss the other's row and insert
 * a second one (there is no unique key to catch it). The lock ends with the transaction.
 */
async function lockRecord(tx: Tx, kind: string, runId: string, title: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${kind}:${runId}:${title}`}, 0))`);
}

/** The resume an interview is about: the step's input, else the best screening match, else the run's only resume. */
function resumeOf(input: Record<string, unknown>, runResumeIds: string[]): string | null {
  const direct = uuid(input.resume_id);
  if (direct) return direct;
  if (Array.isArray(input.matches)) {
    const top = input.matches.find(
      (m): m is { resume_id: string } =>
        typeof m === "object" && m !== null && uuid((m as { resume_id?: unknown }).resume_id) !== null,
    );
    if (top) return top.resume_id;
  }
  return runResumeIds.length === 1 ? (uuid(runResumeIds[0]) ?? null) : null;
}

/**
 * Creates an interview linked to the workflow and the run. Idempotent per
 * run and title: a retried attempt finds the interview it already made.
 */
export const interviewHandler: StepHandler = async ({ run, step, input, tenant }) => {
  const cfg = step.nodeConfig;
  const title = str(cfg.title) ?? step.stepName;
  const interview = await tenant(async (tx) => {
    await lockRecord(tx, "interview", run.id, title);
    const [existing] = await tx
      .select()
      .from(interviews)
      .where(and(eq(interviews.runId, run.id), eq(interviews.title, title)));
    if (existing) return existing;
    const resumeId = resumeOf(input, run.resumeIds);
    const [resume] = resumeId
      ? await tx
          .select({ name: resumes.candidateName })
          .from(resumes)
          .where(and(eq(resumes.orgId, run.orgId), eq(resumes.id, resumeId)))
      : [];
    const [created] = await tx
      .insert(interviews)
      .values({
        orgId: run.orgId,
        workflowId: run.workflowId,
        runId: run.id,
        title,
        candidateName: str(input.candidate_name) ?? str(run.context.candidate_name) ?? resume?.name ?? null,
        // a resume of another organization (or a deleted one) is not linked
        resumeId: resume ? resumeId : null,
        interviewerId: uuid(cfg.interviewer_id),
        scheduledAt: new Date(Date.now() + num(cfg.days_ahead, 3) * 86_400_000),
        durationMinutes: Math.min(1440, Math.max(1, Math.round(num(cfg.duration_minutes, 60)))),
        location: str(cfg.location) ?? "Video call",
        createdBy: run.startedBy,
      })
      .returning();
    return created!;
  });
  return {
    // interview_ids: the Candidate Pipeline's node declares the list form
    output: {
      interview_id: interview.id,
      interview_ids: [interview.id],
      scheduled_at: interview.scheduledAt?.toISOString() ?? null,
    },
  };
};

/** Creates a todo linked to the workflow and the run; idempotent like the interview. */
export const todoHandler: StepHandler = async ({ run, step, tenant }) => {
  const cfg = step.nodeConfig;
  const title = str(cfg.title) ?? step.stepName;
  // due_in_hours (the Candidate Pipeline's node) or due_in_days; two days when neither is set
  const dueInMs =
    typeof cfg.due_in_hours === "number"
      ? num(cfg.due_in_hours, 48) * 3_600_000
      : num(cfg.due_in_days, 2) * 86_400_000;
  const todo = await tenant(async (tx) => {
    await lockRecord(tx, "todo", run.id, title);
    const [existing] = await tx
      .select()
      .from(todos)
      .where(and(eq(todos.runId, run.id), eq(todos.title, title)));
    if (existing) return existing;
    const [created] = await tx
      .insert(todos)
      .values({
        orgId: run.orgId,
        workflowId: run.workflowId,
        runId: run.id,
        title,
        description: str(cfg.description) ?? step.stepDescription,
        assigneeId: uuid(cfg.assignee_id) ?? run.startedBy,
        dueAt: new Date(Date.now() + dueInMs),
        priority: cfg.priority === "high" || cfg.priority === "low" ? cfg.priority : "normal",
        createdBy: run.startedBy,
      })
      .returning();
    return created!;
  });
  return { output: { todo_id: todo.id, due_at: todo.dueAt?.toISOString() ?? null } };
};
