import "server-only";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { type Database, prepared, type Queryable, type Tx } from "@/db/client";
import { type WorkflowRun, type WorkflowRunStep, workflowRunSteps, workflowRuns } from "@/db/schema";
import type { StepStatus } from "@/db/schema/enums";
import { asWorker, withTenant } from "@/db/tenant";
import { enqueueRunWebhooks } from "@/lib/webhooks/outbox";
import { LostRace, type Signal, transitionRun, transitionStep } from "./apply";
import {
  type Claimed,
  type ClaimOptions,
  type Completion,
  claimDue,
  type FinishOptions,
  type Finished,
  finishInTx,
  type RunPatch,
} from "./hot-path";
import { type Notice, notify, notifyAll } from "./notify";
import { isTerminalRun, isTerminalStep } from "./transitions";

const DONE: StepStatus[] = ["completed", "skipped"];
/** Lease expiries tolerated beyond the retry budget before a step is declared poisonous. */
export const MAX_LOST_LEASES = 5;
const WAITING: StepStatus[] = ["waiting_approval", "waiting_manual", "scheduled"];

export async function lockRun(tx: Queryable, runId: string): Promise<WorkflowRun | undefined> {
  const [run] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, runId)).for("update");
  return run;
}

/**
 * Locks every step of a run, in step order, and then the run. For writers that end a whole run
 * (cancel, run deadline): everything else locks a step before its run (claim, complete, fail,
 * approve), so locking the run first and its steps second would deadlock with a worker finishing
 * or claiming a step of that run at the same moment.
 */
export async function lockRunWithSteps(tx: Queryable, runId: string): Promise<WorkflowRun | undefined> {
  await tx
    .select({ id: workflowRunSteps.id })
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, runId))
    .orderBy(asc(workflowRunSteps.stepNumber))
    .for("update");
  return lockRun(tx, runId);
}

/** Signals become notifications, delivered when the transaction commits. */
export async function publish(
  tx: Queryable,
  run: Pick<WorkflowRun, "id" | "orgId">,
  signals: Signal[] = [],
  extra: Notice[] = [],
) {
  await notifyAll(tx, [
    ...signals.map((s): Notice => ({ k: "abort", stepId: s.stepId, reason: s.reason })),
    ...extra,
    { k: "run", runId: run.id, orgId: run.orgId },
  ]);
}

function progressOf(steps: WorkflowRunStep[]) {
  const total = steps.length;
  const completed = steps.filter((s) => DONE.includes(s.status)).length;
  return {
    completed_steps: completed,
    total_steps: total,
    percentage: total ? Math.round((completed / total) * 100) : 0,
  };
}

/**
 * Moves a run forward after any change to its steps: releases the next
 * pending step by order (approval gate, manual start, delay or queue — the
 * machine decides), keeps the run's status and progress in step with its
 * steps, and completes the run (with its webhook outbox rows) when every step
 * is done. Must run in the tenant transaction that made the change; the run
 * row lock serializes concurrent advances of one run.
 */
export async function advanceRun(
  tx: Tx,
  runId: string,
  now = new Date(),
  /** The run and its steps when the caller just inserted them (startRun): neither is read again. */
  inserted?: { run: WorkflowRun; steps: WorkflowRunStep[] },
): Promise<WorkflowRun> {
  const run = inserted ? inserted.run : await lockRun(tx, runId);
  if (!run) throw new Error(`run ${runId} not found`);
  if (isTerminalRun(run.status)) return run;
  const steps = inserted
    ? [...inserted.steps].sort((a, b) => a.orderNumber - b.orderNumber || a.stepNumber - b.stepNumber)
    : await tx
        .select()
        .from(workflowRunSteps)
        .where(eq(workflowRunSteps.runId, runId))
        .orderBy(asc(workflowRunSteps.orderNumber), asc(workflowRunSteps.stepNumber));
  let next = steps.find((s) => !DONE.includes(s.status));
  const notices: Notice[] = [];
  if (next?.status === "pending") {
    const released = await transitionStep(tx, next, "release", { now });
    steps[steps.indexOf(next)] = released;
    next = released;
    if (released.status === "queued") notices.push({ k: "wake" });
  }
  // the notices (a wake-up, the run's) go out with the run's update, in the same round trip
  const [advanced] = await Promise.all([
    advanceRunRow(tx, run, next, progressOf(steps), now),
    publish(tx, run, [], notices),
  ]);
  return advanced;
}

/** The run's status and progress after an advance, as the run machine says. */
async function advanceRunRow(
  tx: Tx,
  run: WorkflowRun,
  next: WorkflowRunStep | undefined,
  progress: WorkflowRun["progress"],
  now: Date,
): Promise<WorkflowRun> {
  if (!next) {
    if (run.status === "pending") run = await transitionRun(tx, run, "start", { now });
    run = await transitionRun(tx, run, "complete", { now, set: { progress } });
    await enqueueRunWebhooks(tx, run);
  } else if (WAITING.includes(next.status)) {
    if (run.status === "pending") run = await transitionRun(tx, run, "start", { now });
    if (run.status === "active") run = await transitionRun(tx, run, "wait", { now, set: { progress } });
    else run = await updateProgress(tx, run, progress);
  } else if (next.status === "queued" || next.status === "running") {
    // no worker will claim an external step, so its run starts when the step is released
    if (run.status === "pending" && next.stepType === "external")
      run = await transitionRun(tx, run, "start", { now });
    if (run.status === "waiting") run = await transitionRun(tx, run, "resume", { now, set: { progress } });
    else run = await updateProgress(tx, run, progress);
  } else {
    // a failed, timed-out or cancelled step with the run still open: the caller ends the run
    run = await updateProgress(tx, run, progress);
  }
  return run;
}

async function updateProgress(tx: Queryable, run: WorkflowRun, progress: WorkflowRun["progress"]) {
  const [updated] = await prepared(
    tx.update(workflowRuns).set({ progress }).where(eq(workflowRuns.id, run.id)).returning(),
  );
  return updated ?? run;
}

// ── worker side ──────────────────────────────────────────────────────────────

export type { ClaimOptions } from "./hot-path";

/**
 * Claims up to `batch` due steps across organizations (queued, or scheduled
 * and due) with FOR UPDATE SKIP LOCKED, so concurrent workers never take the
 * same step. One statement (see hot-path.ts): the claim mirrors the machine's
 * `due` and `claim` transitions (attempt+1 is the fencing token of this
 * lease), and runs still pending or waiting become active (`start`/`resume`).
 */
export async function claimSteps(db: Database, opts: ClaimOptions): Promise<WorkflowRunStep[]> {
  return (await claimStepsWithRuns(db, opts)).map((c) => c.step);
}

/** claimSteps with each step's run and binding sources, as the worker's handlers read them. */
export function claimStepsWithRuns(db: Database, opts: ClaimOptions): Promise<Claimed[]> {
  return asWorker(db, (tx) => claimDue(tx, opts));
}

/** Extends a lease; false means the lease is lost (cancelled, reaped or re-claimed) and the handler must stop. */
export async function heartbeat(db: Database, step: WorkflowRunStep, leaseMs: number): Promise<boolean> {
  return asWorker(db, async (tx) => {
    const rows = await tx
      .update(workflowRunSteps)
      .set({
        heartbeatAt: sql`now()`,
        leaseExpiresAt: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      })
      .where(
        and(
          eq(workflowRunSteps.id, step.id),
          eq(workflowRunSteps.status, "running"),
          eq(workflowRunSteps.attempt, step.attempt),
        ),
      )
      .returning({ id: workflowRunSteps.id });
    return rows.length > 0;
  });
}

export type StepSuccess = {
  output: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  llm?: { prompt: string; response: string; model: string; tokensUsed: number } | null;
  /** What the step writes on its run (results, metrics, tier, LLM usage): applied by the engine. */
  runPatch?: RunPatch;
};

export type StepFailure = {
  message: string;
  details?: Record<string, unknown>;
  kind: "fail" | "timeout";
  retryable: boolean;
  /** The input the attempt was given, kept in the ledger. */
  input?: Record<string, unknown>;
  /** LLM usage of the failed attempt: on the step, and its tokens added to the run's total. */
  llm?: StepSuccess["llm"];
};

/**
 * Finishes a claimed attempt in one transaction fenced on (status running,
 * attempt n): completion, release of the next step, run progress and end,
 * outbox webhooks (hot-path.ts). Returns "lost" — having written nothing —
 * when the step moved on meanwhile (cancelled, reaped and re-claimed by a
 * newer attempt). Notifies in the transaction; the worker uses finishStep.
 */
export async function completeStep(
  db: Database,
  claimed: WorkflowRunStep,
  result: StepSuccess & { input?: Record<string, unknown> },
): Promise<"ok" | "lost"> {
  return withTenant(db, claimed.orgId, async (tx) => {
    const done = await finishInTx(tx, claimed, result);
    if (done.outcome === "lost") return "lost";
    if (done.queued) await notify(tx, { k: "wake" });
    await publish(tx, done.run);
    return "ok";
  });
}

/**
 * The worker's completion: like completeStep, and it may claim the run's next step (or refill the
 * slot from the organization's queue) in the same transaction; the caller coalesces the notices.
 * A completion that raced a writer which skipped the run lock is retried from the top.
 */
export async function finishStep(
  db: Database,
  claimed: WorkflowRunStep,
  result: Completion,
  opts: FinishOptions,
): Promise<Finished> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenant(db, claimed.orgId, (tx) => finishInTx(tx, claimed, result, opts));
    } catch (error) {
      if (!(error instanceof LostRace) || attempt >= 3) throw error;
    }
  }
}

/**
 * Records a failed or timed-out attempt, fenced like completeStep. With
 * retries left the step is requeued with backoff; otherwise it ends and
 * takes the run with it, keeping the last error on both.
 */
export async function failStep(
  db: Database,
  claimed: WorkflowRunStep,
  failure: StepFailure,
): Promise<"ok" | "lost"> {
  return withTenant(db, claimed.orgId, (tx) => failStepInTx(tx, claimed, failure));
}

async function failStepInTx(tx: Tx, claimed: WorkflowRunStep, input: StepFailure): Promise<"ok" | "lost"> {
  // PostgreSQL text and jsonb cannot hold NUL, which error texts from binary responses may carry
  const failure = { ...input, message: input.message.replaceAll("\u0000", "") };
  // tokens are spent whether or not the attempt succeeded: the step keeps them and the run adds them
  const llm = failure.llm && failure.llm.tokensUsed > 0 ? failure.llm : null;
  const llmColumns = llm
    ? { llmModel: llm.model, llmPrompt: llm.prompt, llmResponse: llm.response, llmTokensUsed: llm.tokensUsed }
    : {};
  // on the step, tokens add up over its attempts (a retry that succeeds adds its own on completion)
  const stepLlmColumns = llm
    ? {
        ...llmColumns,
        llmTokensUsed: sql`coalesce(${workflowRunSteps.llmTokensUsed}, 0) + ${llm.tokensUsed}::int`,
      }
    : {};
  let step: WorkflowRunStep;
  const signals: Signal[] = [];
  try {
    step = await transitionStep(tx, claimed, failure.kind, {
      fenceAttempt: true,
      noRetry: !failure.retryable,
      signals,
      set: {
        errorMessage: failure.message.slice(0, 2000),
        errorDetails: failure.details ?? null,
        ...(failure.input ? { inputData: failure.input } : {}),
        ...stepLlmColumns,
      },
      eventData: { error: failure.message.slice(0, 500) },
    });
  } catch (error) {
    if (error instanceof LostRace) return "lost";
    throw error;
  }
  const locked = await lockRun(tx, step.runId);
  if (!locked) return "ok";
  let run = locked;
  if (llm) {
    const [added] = await tx
      .update(workflowRuns)
      .set({
        ...llmColumns,
        llmTokensUsed: sql`coalesce(${workflowRuns.llmTokensUsed}, 0) + ${llm.tokensUsed}::int`,
      })
      .where(eq(workflowRuns.id, locked.id))
      .returning();
    run = added ?? locked;
  }
  if (isTerminalStep(step.status) && !isTerminalRun(run.status)) {
    const verb = step.status === "timeout" ? "timed out" : "failed";
    const ended = await transitionRun(tx, run, step.status === "timeout" ? "timeout" : "fail", {
      signals,
      set: {
        errorMessage: `Step ${step.stepNumber} (${step.stepName}) ${verb}: ${failure.message}`.slice(0, 2000),
        errorDetails: {
          step_number: step.stepNumber,
          step_name: step.stepName,
          step_type: step.stepType,
          attempts: step.attempt,
          ...(failure.details ?? {}),
        },
      },
    });
    await enqueueRunWebhooks(tx, ended);
    await publish(tx, ended, signals);
  } else {
    await notify(tx, { k: "wake" });
    await publish(tx, run, signals);
  }
  return "ok";
}

/** Gives a claimed step back without counting a failure (graceful shutdown, lost database connection). */
export async function releaseStep(
  db: Database,
  claimed: WorkflowRunStep,
  reason = "worker shutdown",
): Promise<void> {
  await withTenant(db, claimed.orgId, async (tx) => {
    try {
      await transitionStep(tx, claimed, "lease_expired", {
        fenceAttempt: true,
        eventData: { reason },
      });
      await notify(tx, { k: "wake" });
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
    }
  });
}

/**
 * Requeues steps whose lease expired (their worker died or hung). Only
 * expired leases are touched; the attempt stays, so the old holder's late
 * completion is fenced out once the step is claimed again.
 */
export async function reapExpiredLeases(db: Database, limit = 100): Promise<number> {
  const expired = await asWorker(db, (tx) =>
    tx
      .select()
      .from(workflowRunSteps)
      .where(and(eq(workflowRunSteps.status, "running"), lte(workflowRunSteps.leaseExpiresAt, sql`now()`)))
      .limit(limit)
      .for("update", { skipLocked: true }),
  );
  let reaped = 0;
  for (const step of expired) {
    await withTenant(db, step.orgId, async (tx) => {
      try {
        const [fresh] = await tx
          .select()
          .from(workflowRunSteps)
          .where(and(eq(workflowRunSteps.id, step.id), lte(workflowRunSteps.leaseExpiresAt, sql`now()`)));
        if (fresh?.status !== "running") return;
        if (fresh.attempt > fresh.maxRetries + MAX_LOST_LEASES) {
          // lease expiry does not spend retries, so a step that kills its worker every time would loop forever
          await failStepInTx(tx, fresh, {
            kind: "fail",
            retryable: false,
            message: `Lost its worker ${fresh.attempt} times (lease expired); giving up`,
          });
        } else {
          await transitionStep(tx, fresh, "lease_expired", {
            fenceAttempt: true,
            eventData: { previous_owner: fresh.leaseOwner },
          });
        }
        await notify(tx, { k: "wake" });
        reaped++;
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
      }
    });
  }
  return reaped;
}

/** Ends runs whose deadline passed: the running step times out, the rest are cancelled or skipped. */
export async function timeoutOverdueRuns(db: Database, limit = 50): Promise<number> {
  const overdue = await asWorker(db, (tx) =>
    tx
      .select({ id: workflowRuns.id, orgId: workflowRuns.orgId })
      .from(workflowRuns)
      .where(
        and(
          inArray(workflowRuns.status, ["pending", "active", "waiting"]),
          lte(workflowRuns.deadlineAt, sql`now()`),
        ),
      )
      .limit(limit),
  );
  let ended = 0;
  for (const { id, orgId } of overdue) {
    await withTenant(db, orgId, async (tx) => {
      let run = await lockRunWithSteps(tx, id);
      if (!run || isTerminalRun(run.status)) return;
      const signals: Signal[] = [];
      if (run.status === "pending") run = await transitionRun(tx, run, "start");
      run = await transitionRun(tx, run, "timeout", {
        signals,
        openStepsTo: "timeout",
        set: {
          errorMessage: "Run exceeded its deadline",
          errorDetails: { deadline_at: run.deadlineAt?.toISOString() },
        },
      });
      await enqueueRunWebhooks(tx, run);
      await publish(tx, run, signals);
      ended++;
    });
  }
  return ended;
}
