import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  type EndpointUse,
  type Screenshot,
  type StepEvent,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowRunSteps,
  workflowRuns,
} from "@/db/schema";
import { audit } from "@/lib/audit";
import { enqueueRunWebhooks } from "@/lib/webhooks/outbox";
import { IllegalTransition, type Signal, transitionRun, transitionStep } from "./apply";
import { type Actor, cancelRun, EngineError } from "./runs";
import { advanceRun, lockRun, lockRunWithSteps, publish } from "./scheduler";

/**
 * Operations for external executors (voice, eFax, other services) that run
 * steps themselves and report into the ledger: they claim their `external`
 * steps over the API, complete or fail them, and may end the run.
 */

export type RunOutcome = {
  status: "completed" | "failed" | "cancelled";
  error?: string;
  errorDetails?: Record<string, unknown>;
  results?: Record<string, number>;
  metrics?: Record<string, number>;
};

const OPEN_WORK = ["waiting_approval", "waiting_manual", "scheduled", "queued", "running"] as const;

/** Ends a run from outside (seed 001 PUT …/status, seed 002 complete_workflow_execution). */
export async function finishRun(
  tx: Tx,
  actor: Actor,
  runId: string,
  outcome: RunOutcome,
): Promise<WorkflowRun> {
  if (outcome.status === "cancelled") return cancelRun(tx, actor, runId, outcome.error);
  // steps before the run, as every writer that ends a whole run must (see lockRunWithSteps)
  let run = await lockRunWithSteps(tx, runId);
  if (!run || run.orgId !== actor.orgId) throw new EngineError("not_found", "Run not found");
  const patch = {
    ...(outcome.results ? { results: { ...(run.results ?? {}), ...outcome.results } } : {}),
    ...(outcome.metrics ? { metrics: { ...run.metrics, ...outcome.metrics } } : {}),
  };
  const signals: Signal[] = [];
  if (outcome.status === "completed") {
    const open = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(workflowRunSteps)
      .where(and(eq(workflowRunSteps.runId, run.id), inArray(workflowRunSteps.status, [...OPEN_WORK])));
    if ((open[0]?.n ?? 0) > 0) {
      throw new EngineError(
        "conflict",
        `${open[0]?.n} step(s) are still in progress; complete or cancel them first`,
      );
    }
    const pending = await tx
      .select()
      .from(workflowRunSteps)
      .where(and(eq(workflowRunSteps.runId, run.id), eq(workflowRunSteps.status, "pending")));
    for (const s of pending)
      await transitionStep(tx, s, "skip", { eventData: { reason: "run completed externally" } });
    if (run.status === "pending") run = await transitionRun(tx, run, "start");
    if (run.status === "waiting") run = await transitionRun(tx, run, "resume");
    run = await transitionRun(tx, run, "complete", {
      set: {
        ...patch,
        progress: { ...run.progress, percentage: 100, completed_steps: run.progress.total_steps },
      },
    });
  } else {
    if (run.status === "pending") run = await transitionRun(tx, run, "start");
    run = await transitionRun(tx, run, "fail", {
      signals,
      set: {
        ...patch,
        errorMessage: outcome.error ?? "Failed (reported by the executor)",
        errorDetails: outcome.errorDetails ?? null,
      },
    });
  }
  await enqueueRunWebhooks(tx, run);
  await audit(tx, actor, {
    action: `run.${outcome.status === "completed" ? "complete" : "fail"}`,
    resourceType: "workflow_run",
    resourceId: run.publicId,
    details: { reported: true, error: outcome.error ?? null },
  });
  await publish(tx, run, signals);
  return run;
}

async function stepOf(tx: Tx, run: WorkflowRun, stepNumber: number): Promise<WorkflowRunStep> {
  const [step] = await tx
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, run.id), eq(workflowRunSteps.stepNumber, stepNumber)))
    .for("update");
  if (!step) throw new EngineError("not_found", `Run ${run.publicId} has no step ${stepNumber}`);
  return step;
}

const leaseOwner = (actor: Actor) => `api:${actor.apiTokenId ?? actor.userId ?? "unknown"}`;

/** An executor takes a released `external` step (queued → running) with a lease of the step's timeout. */
export async function startExternalStep(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  stepNumber: number,
): Promise<WorkflowRunStep> {
  const step = await stepOf(tx, run, stepNumber);
  if (step.stepType !== "external") {
    throw new EngineError(
      "conflict",
      `Step ${stepNumber} is a ${step.stepType} step; the engine runs it, not an executor`,
    );
  }
  const leaseSeconds = step.timeoutSeconds ?? 3600;
  const started = await transitionStep(tx, step, "claim", {
    eventData: { executor: leaseOwner(actor) },
    set: {
      leaseOwner: leaseOwner(actor),
      leaseExpiresAt: sql`now() + ${`${leaseSeconds} seconds`}::interval`,
      heartbeatAt: sql`now()`,
    },
  });
  let current = run;
  if (current.status === "pending") current = await transitionRun(tx, current, "start");
  if (current.status === "waiting") current = await transitionRun(tx, current, "resume");
  await audit(tx, actor, {
    action: "step.start",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: { run: run.publicId, step_number: stepNumber },
  });
  await publish(tx, current);
  return started;
}

export type StepReport =
  | { status: "completed"; output?: Record<string, unknown> }
  | { status: "failed"; error: string; errorDetails?: Record<string, unknown>; retryable?: boolean };

/** An executor reports the outcome of a step it started; the run moves on (or fails) as with any step. */
export async function completeExternalStep(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  stepNumber: number,
  report: StepReport,
): Promise<WorkflowRunStep> {
  const step = await stepOf(tx, run, stepNumber);
  if (step.status !== "running" || !step.leaseOwner?.startsWith("api:")) {
    throw new IllegalTransition(
      "step",
      step.status,
      "complete",
      `Step ${stepNumber} is ${step.status}${step.status === "running" ? " under a worker" : ""}; start it first`,
    );
  }
  let updated: WorkflowRunStep;
  if (report.status === "completed") {
    updated = await transitionStep(tx, step, "complete", {
      fenceAttempt: true,
      set: { outputData: report.output ?? {}, errorMessage: null, errorDetails: null },
    });
    await advanceRun(tx, run.id);
  } else {
    const signals: Signal[] = [];
    updated = await transitionStep(tx, step, "fail", {
      fenceAttempt: true,
      noRetry: report.retryable === false,
      signals,
      set: { errorMessage: report.error, errorDetails: report.errorDetails ?? null },
      eventData: { error: report.error },
    });
    if (updated.status === "failed") {
      const current = await lockRun(tx, run.id);
      if (current && !["completed", "failed", "cancelled", "timeout"].includes(current.status)) {
        const ended = await transitionRun(tx, current, "fail", {
          signals,
          set: {
            errorMessage: `Step ${stepNumber} (${step.stepName}) failed: ${report.error}`,
            errorDetails: { step_number: stepNumber, ...(report.errorDetails ?? {}) },
          },
        });
        await enqueueRunWebhooks(tx, ended);
        await publish(tx, ended, signals);
      }
    } else {
      await publish(tx, run, signals);
    }
  }
  await audit(tx, actor, {
    action: report.status === "completed" ? "step.complete" : "step.fail",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: { run: run.publicId, step_number: stepNumber, reported: true },
  });
  return updated;
}

/**
 * Limits on what executors append to a run's JSONB record (seed 004 keeps
 * context, endpoints, events and screenshots inline, so they must stay
 * bounded). Reaching one is a 422; the documentation of the API repeats them.
 */
export const RECORD_LIMITS = {
  /** Serialized size of a run's whole context. */
  contextBytes: 256 * 1024,
  /** Entries in a run's endpoints_used. */
  endpoints: 1000,
  /** Events an executor may append to one step (the engine's own `step.*` events are not counted). */
  stepEvents: 200,
  /** Screenshots (links and uploaded images) on one step. */
  screenshots: 50,
  /** Bytes of uploaded images kept on one step (they live in its row). */
  uploadBytes: 20 * 1024 * 1024,
} as const;

const CLOSED = ["completed", "failed", "cancelled", "timeout"];

/** Locks the run and refuses to change the record of a run that has ended. */
async function openRun(tx: Tx, run: WorkflowRun): Promise<WorkflowRun> {
  const current = await lockRun(tx, run.id);
  if (!current) throw new EngineError("not_found", "Run not found");
  if (CLOSED.includes(current.status)) {
    throw new EngineError("conflict", `Run ${current.publicId} is ${current.status}; its record is closed`, {
      status: current.status,
    });
  }
  return current;
}

/** Merges keys into the run's context (seed 002 set_workflow_context); the run must not have ended. */
export async function setContext(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const current = await openRun(tx, run);
  const merged = { ...current.context, ...values };
  const size = Buffer.byteLength(JSON.stringify(merged));
  if (size > RECORD_LIMITS.contextBytes) {
    throw new EngineError(
      "unprocessable",
      `The run's context would be ${size} bytes; the limit is ${RECORD_LIMITS.contextBytes}`,
      {
        limit: RECORD_LIMITS.contextBytes,
        size,
      },
    );
  }
  const [updated] = await tx
    .update(workflowRuns)
    .set({ context: sql`${workflowRuns.context} || ${JSON.stringify(values)}::jsonb` })
    .where(eq(workflowRuns.id, run.id))
    .returning({ context: workflowRuns.context });
  await audit(tx, actor, {
    action: "run.context.set",
    resourceType: "workflow_run",
    resourceId: run.publicId,
    details: { keys: Object.keys(values) },
  });
  await publish(tx, run);
  return updated?.context ?? {};
}

/** Removes one key from the run's context; false (nothing written) when the key is not there. */
export async function deleteContextKey(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  key: string,
): Promise<boolean> {
  const current = await openRun(tx, run);
  if (!Object.hasOwn(current.context, key)) return false;
  await tx
    .update(workflowRuns)
    .set({ context: sql`${workflowRuns.context} - ${key}::text` })
    .where(eq(workflowRuns.id, run.id));
  await audit(tx, actor, {
    action: "run.context.delete",
    resourceType: "workflow_run",
    resourceId: run.publicId,
    details: { key },
  });
  await publish(tx, run);
  return true;
}

/** Appends one entry to the run's endpoints_used (seed 004 add_endpoint) with the time it was recorded. */
export async function recordEndpoint(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  use: {
    endpoint: string;
    method?: string;
    status?: number;
    duration_ms?: number;
    metadata?: Record<string, unknown>;
  },
): Promise<{ entry: EndpointUse; index: number }> {
  const current = await openRun(tx, run);
  if (current.endpointsUsed.length >= RECORD_LIMITS.endpoints) {
    throw new EngineError(
      "unprocessable",
      `Run ${run.publicId} already records ${RECORD_LIMITS.endpoints} endpoints`,
      {
        limit: RECORD_LIMITS.endpoints,
      },
    );
  }
  const entry: EndpointUse = { ...use, at: new Date().toISOString() };
  await tx
    .update(workflowRuns)
    .set({ endpointsUsed: sql`${workflowRuns.endpointsUsed} || ${JSON.stringify([entry])}::jsonb` })
    .where(eq(workflowRuns.id, run.id));
  await audit(tx, actor, {
    action: "run.endpoint.record",
    resourceType: "workflow_run",
    resourceId: run.publicId,
    details: { endpoint: use.endpoint, method: use.method ?? null, status: use.status ?? null },
  });
  await publish(tx, run);
  return { entry, index: current.endpointsUsed.length };
}

/** Locks a step (then its run, the engine's lock order) of a run that has not ended. */
async function openStep(tx: Tx, run: WorkflowRun, stepNumber: number) {
  const step = await stepOf(tx, run, stepNumber);
  const current = await openRun(tx, run);
  return { step, run: current };
}

/** Engine timeline entries are `step.*` and `run.*`; executors may not write those. */
export const RESERVED_EVENT_PREFIXES = ["step.", "run."] as const;

/** Appends an executor's event to a step's timeline (seed 004 add_event). */
export async function appendStepEvent(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  stepNumber: number,
  event: { type: string; data?: Record<string, unknown> },
): Promise<{ event: StepEvent; count: number }> {
  const { step } = await openStep(tx, run, stepNumber);
  const own = step.events.filter((e) => !RESERVED_EVENT_PREFIXES.some((p) => e.type.startsWith(p))).length;
  if (own >= RECORD_LIMITS.stepEvents) {
    throw new EngineError(
      "unprocessable",
      `Step ${stepNumber} already has ${RECORD_LIMITS.stepEvents} reported events`,
      {
        limit: RECORD_LIMITS.stepEvents,
      },
    );
  }
  const entry: StepEvent = {
    type: event.type,
    timestamp: new Date().toISOString(),
    ...(event.data ? { data: event.data } : {}),
  };
  await tx
    .update(workflowRunSteps)
    .set({ events: sql`${workflowRunSteps.events} || ${JSON.stringify([entry])}::jsonb` })
    .where(eq(workflowRunSteps.id, step.id));
  await audit(tx, actor, {
    action: "step.event.append",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: { run: run.publicId, step_number: stepNumber, type: event.type },
  });
  await publish(tx, run);
  return { event: entry, count: own + 1 };
}

/**
 * Adds a screenshot to a step (seed 004 add_screenshot): `make` builds the
 * entry from its index (uploaded images are addressed by it).
 */
export async function attachScreenshot(
  tx: Tx,
  actor: Actor,
  run: WorkflowRun,
  stepNumber: number,
  make: (index: number) => Screenshot,
): Promise<{ entry: Screenshot; index: number; step: WorkflowRunStep }> {
  const { step } = await openStep(tx, run, stepNumber);
  const index = step.screenshots.length;
  if (index >= RECORD_LIMITS.screenshots) {
    throw new EngineError(
      "unprocessable",
      `Step ${stepNumber} already has ${RECORD_LIMITS.screenshots} screenshots`,
      {
        limit: RECORD_LIMITS.screenshots,
      },
    );
  }
  const entry = make(index);
  if (typeof entry.size === "number" && typeof entry.data_base64 === "string") {
    const held = step.screenshots.reduce(
      (sum, s) => sum + (typeof s.data_base64 === "string" && typeof s.size === "number" ? s.size : 0),
      0,
    );
    if (held + entry.size > RECORD_LIMITS.uploadBytes) {
      throw new EngineError(
        "unprocessable",
        `Step ${stepNumber} already holds ${held} bytes of uploaded images; the limit is ${RECORD_LIMITS.uploadBytes}`,
        { limit: RECORD_LIMITS.uploadBytes, held },
      );
    }
  }
  const [updated] = await tx
    .update(workflowRunSteps)
    .set({ screenshots: sql`${workflowRunSteps.screenshots} || ${JSON.stringify([entry])}::jsonb` })
    .where(eq(workflowRunSteps.id, step.id))
    .returning();
  await audit(tx, actor, {
    action: "step.screenshot.add",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: {
      run: run.publicId,
      step_number: stepNumber,
      index,
      uploaded: typeof entry.data_base64 === "string",
      size: typeof entry.size === "number" ? entry.size : null,
    },
  });
  await publish(tx, run);
  return { entry, index, step: updated ?? step };
}
