import "server-only";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { prepared, type Queryable } from "@/db/client";
import { type WorkflowRun, type WorkflowRunStep, workflowRunSteps, workflowRuns } from "@/db/schema";
import type { RunStatus, StepStatus } from "@/db/schema/enums";
import {
  type Effect,
  type LedgerEvent,
  type RunEvent,
  runTransition,
  type StepEvent,
  stepTransition,
} from "./transitions";

/** An event or status change the lifecycle does not allow; the API maps it to 409. */
export class IllegalTransition extends Error {
  constructor(
    readonly entity: "run" | "step",
    readonly from: string,
    readonly event: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** A fenced write matched no row: someone else changed the row first. */
export class LostRace extends Error {}

export type Signal = { kind: "abort"; stepId: string; reason: "timeout" | "cancelled" };

export function eventJson(e: LedgerEvent) {
  return { type: e.type, timestamp: e.at.toISOString(), data: e.data };
}

type StepSet = Partial<Record<keyof typeof workflowRunSteps.$inferInsert, unknown>>;

/** Turns the machine's effects into column assignments for one UPDATE. */
function stepAssignments(effects: Effect[], signals: Signal[], stepId: string): StepSet {
  const set: Record<string, unknown> = {};
  const events: ReturnType<typeof eventJson>[] = [];
  let endedAt: Date | null = null;
  for (const e of effects) {
    switch (e.type) {
      case "set_run_at":
        set.runAt = e.at;
        break;
      case "clear_run_at":
        set.runAt = null;
        break;
      case "keep_run_at":
        set.runAt = sql`coalesce(${workflowRunSteps.runAt}, ${e.fallback.toISOString()}::timestamptz)`;
        break;
      case "increment_attempt":
        set.attempt = sql`${workflowRunSteps.attempt} + 1`;
        break;
      case "increment_retry_count":
        set.retryCount = sql`${workflowRunSteps.retryCount} + 1`;
        break;
      case "reset_retry_count":
        set.retryCount = 0;
        break;
      case "set_started_at":
        set.startedAt = e.at;
        break;
      case "set_ended_at":
        endedAt = e.at;
        break;
      case "clear_outcome":
        Object.assign(set, {
          completedAt: null,
          durationMs: null,
          outputData: null,
          errorMessage: null,
          errorDetails: null,
          processedItems: 0,
        });
        break;
      case "clear_lease":
        Object.assign(set, { leaseOwner: null, leaseExpiresAt: null });
        break;
      case "abort_handler":
        signals.push({ kind: "abort", stepId, reason: e.reason });
        break;
      case "append_event":
        events.push(eventJson(e.event));
        break;
      case "cancel_open_steps":
        break; // run effect; handled by transitionRun
    }
  }
  if (endedAt) {
    set.completedAt = endedAt;
    // a step that never started (skipped, cancelled while pending) has no duration: NULL, never 0
    set.durationMs =
      set.startedAt instanceof Date
        ? Math.max(0, endedAt.getTime() - set.startedAt.getTime())
        : sql`case when ${workflowRunSteps.startedAt} is null then null else greatest(0, round(extract(epoch from (${endedAt.toISOString()}::timestamptz - ${workflowRunSteps.startedAt})) * 1000))::int end`;
  }
  if (events.length) set.events = sql`${workflowRunSteps.events} || ${JSON.stringify(events)}::jsonb`;
  return set as StepSet;
}

export type StepTransitionOptions = {
  now?: Date;
  /** Extra columns written in the same UPDATE (output, error, lease owner …). */
  set?: StepSet;
  /** Fence on the attempt as well as the status (workers finishing a claimed attempt). */
  fenceAttempt?: boolean;
  /** Treat the node as having no retries left (non-retryable failures). */
  noRetry?: boolean;
  /** Extra data for the timeline entry. */
  eventData?: Record<string, unknown>;
  signals?: Signal[];
};

/**
 * Applies one step event: asks the pure machine, then writes the result with
 * `WHERE id = … AND status = <status read> [AND attempt = <attempt read>]`.
 * Illegal → IllegalTransition; zero rows → LostRace (nothing was written).
 */
export async function transitionStep(
  tx: Queryable,
  step: WorkflowRunStep,
  event: StepEvent,
  options: StepTransitionOptions = {},
): Promise<WorkflowRunStep> {
  const now = options.now ?? new Date();
  const result = stepTransition(step.status, event, {
    now,
    attempt: step.attempt,
    retryCount: step.retryCount,
    node: {
      autoStart: step.autoStart,
      requiredHumanApproval: step.requiredHumanApproval,
      delayInSeconds: step.delayInSeconds,
      maxRetries: options.noRetry ? 0 : step.maxRetries,
    },
  });
  if (!result.ok) throw new IllegalTransition("step", step.status, event, result.reason);
  if (options.eventData) {
    for (const e of result.effects)
      if (e.type === "append_event") Object.assign(e.event.data, options.eventData);
  }
  const signals = options.signals ?? [];
  const set = { ...stepAssignments(result.effects, signals, step.id), ...options.set, status: result.to };
  const fence: SQL[] = [eq(workflowRunSteps.id, step.id), eq(workflowRunSteps.status, step.status)];
  if (options.fenceAttempt) fence.push(eq(workflowRunSteps.attempt, step.attempt));
  const [updated] = await prepared(
    tx
      .update(workflowRunSteps)
      .set(set as typeof workflowRunSteps.$inferInsert)
      .where(and(...fence))
      .returning(),
  );
  if (!updated) throw new LostRace(`step ${step.id} changed before ${event} (expected ${step.status})`);
  return updated;
}

type RunSet = Partial<Record<keyof typeof workflowRuns.$inferInsert, unknown>>;

/** Applies one run event, fenced on the status read; `cancel_open_steps` ends every open step. */
export async function transitionRun(
  tx: Queryable,
  run: WorkflowRun,
  event: RunEvent,
  options: { now?: Date; set?: RunSet; signals?: Signal[]; openStepsTo?: StepStatus } = {},
): Promise<WorkflowRun> {
  const now = options.now ?? new Date();
  const result = runTransition(run.status, event, { now });
  if (!result.ok) throw new IllegalTransition("run", run.status, event, result.reason);
  const set: Record<string, unknown> = {};
  for (const e of result.effects) {
    if (e.type === "set_started_at") set.startedAt = run.startedAt ?? e.at;
    if (e.type === "set_ended_at") {
      set.completedAt = e.at;
      // a run cancelled before it started has no duration (NULL), not its time in the queue
      const startedAt = (set.startedAt as Date | undefined) ?? run.startedAt;
      set.durationMs = startedAt ? Math.max(0, e.at.getTime() - startedAt.getTime()) : null;
    }
    if (e.type === "clear_outcome")
      Object.assign(set, { completedAt: null, durationMs: null, errorMessage: null, errorDetails: null });
    if (e.type === "cancel_open_steps")
      await endOpenSteps(tx, run.id, now, options.openStepsTo ?? "cancelled", options.signals);
  }
  const [updated] = await prepared(
    tx
      .update(workflowRuns)
      .set({ ...set, ...options.set, status: result.to } as typeof workflowRuns.$inferInsert)
      .where(and(eq(workflowRuns.id, run.id), eq(workflowRuns.status, run.status)))
      .returning(),
  );
  if (!updated) throw new LostRace(`run ${run.id} changed before ${event} (expected ${run.status})`);
  return updated;
}

const OPEN: StepStatus[] = [
  "pending",
  "waiting_approval",
  "waiting_manual",
  "scheduled",
  "queued",
  "running",
];

/**
 * Ends every open step of a run that is itself ending. Steps that were never
 * reached are skipped; steps in progress or waiting are cancelled (or timed out
 * with the run). Running handlers are told to stop through `signals`.
 */
async function endOpenSteps(tx: Queryable, runId: string, now: Date, to: StepStatus, signals?: Signal[]) {
  const open = await tx
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), inArray(workflowRunSteps.status, OPEN)))
    .for("update");
  for (const step of open) {
    if (step.status === "pending") {
      await transitionStep(tx, step, "skip", { now, eventData: { reason: `run ${to}` } });
    } else if (to === "timeout" && step.status === "running") {
      // the run's deadline passed while this step ran: the step timed out with it, no retry
      await transitionStep(tx, step, "timeout", {
        now,
        noRetry: true,
        signals,
        eventData: { reason: "run deadline" },
      });
    } else {
      await transitionStep(tx, step, "cancel", { now, signals, eventData: { reason: `run ${to}` } });
    }
  }
}

export type { RunStatus };
