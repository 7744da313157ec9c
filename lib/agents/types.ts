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
    readonly options: { retryable?: boolean; details?: Record<string, unknown>; llm?: StepLlmUsage } = {},
  ) {
    super(message);
  }
  get retryable() {
    return this.options.retryable ?? true;
  }
}

/** An attempt's LLM usage: model, prompt, last response and the tokens of every provider call. */
export type StepLlmUsage = NonNullable<StepSuccess["llm"]>;

const LLM_USAGE = Symbol.for("runledger.llmUsage");

/**
 * Marks an error with the LLM usage its attempt spent before failing, so the engine records those
 * tokens on the step and the run although the attempt failed. Works on any error (a database error
 * thrown after the provider answered); a StepError may also say it with `options.llm`.
 */
export function withLlmUsage<E>(error: E, usage: StepLlmUsage | null | undefined): E {
  if (usage && usage.tokensUsed > 0 && error !== null && typeof error === "object")
    Object.defineProperty(error, LLM_USAGE, { value: usage, configurable: true });
  return error;
}

/** The LLM usage a failed attempt reported (withLlmUsage, or a StepError's `llm`). */
export function llmUsageOf(error: unknown): StepLlmUsage | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const marked = (error as { [LLM_USAGE]?: StepLlmUsage })[LLM_USAGE];
  return marked ?? (error instanceof StepError ? error.options.llm : undefined);
}

/** Throws the signal's reason if it fired; handlers call it between units of work. */
export function checkAborted(signal: AbortSignal) {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}
