import type { Database, Tx } from "@/db/client";
import type { WorkflowRun, WorkflowRunStep } from "@/db/schema";
import type { StepType } from "@/db/schema/enums";
import type { StepSuccess } from "@/lib/engine/scheduler";

export type HandlerContext = {
  db: Database;
  run: WorkflowRun;
  /** The claimed step (status running, this attempt). */
  step: WorkflowRunStep;
  /** Assembled from the run's inputs and data bindings, validated against the node's IO schema. */
  input: Record<string, unknown>;
  /** Fires on step timeout, run cancellation or a lost lease: stop and return. */
  signal: AbortSignal;
  /** Runs fn in the run's tenant. */
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Reports items done so far (live progress), fenced on this attempt; `run` also moves the run's counters. */
  progress: (processed: number, total: number, run?: { processedResumes?: number }) => Promise<void>;
};

export type StepHandler = (ctx: HandlerContext) => Promise<StepSuccess>;

export type HandlerRegistry = Partial<Record<StepType, StepHandler>>;

/**
 * A handler's way to say how it failed. Retryable failures are retried with
 * backoff up to the node's max_retries; the others end the step at once
 * (bad input, a missing record: trying again cannot help).
 */
export class StepError extends Error {
  constructor(
    message: string,
    readonly options: { retryable?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
  get retryable() {
    return this.options.retryable ?? true;
  }
}

/** Throws the signal's reason if it fired; handlers call it between units of work. */
export function checkAborted(signal: AbortSignal) {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}
