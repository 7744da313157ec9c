import "server-only";
import { randomInt } from "node:crypto";
import type { WorkflowRunStep } from "@/db/schema";
import { llmUsageOf, StepError, type StepLlmUsage } from "@/lib/agents/types";

/** What the ledger keeps of a failed attempt: something a person can act on. */
export type RecordedFailure = {
  message: string;
  details?: Record<string, unknown>;
  retryable: boolean;
  /** Tokens the attempt spent before failing: recorded like a completion's. */
  llm?: StepLlmUsage;
};

/**
 * A reference a person can quote to an administrator. Decimal digits only, so the failed-steps
 * analysis (analytics_normalize_error turns every digit run into <n>) puts every internal error of a
 * step into one group rather than one group per reference.
 */
export function newCorrelationId(): string {
  return `ERR-${randomInt(0, 1_000_000_000_000).toString().padStart(12, "0")}`;
}

export function internalErrorMessage(correlationId: string): string {
  return `Internal error while running this step (ref ${correlationId}). Retry it, or give the reference to your administrator.`;
}

/** Everything the server log should know about an error: message, stack, SQL and parameters, causes. */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const extra = error as Error & { query?: unknown; params?: unknown; code?: unknown; detail?: unknown };
  if (typeof extra.query === "string") out.query = extra.query;
  if (Array.isArray(extra.params)) out.params = extra.params;
  if (extra.code !== undefined) out.code = extra.code;
  if (typeof extra.detail === "string") out.detail = extra.detail;
  if (error.cause !== undefined && depth < 3) out.cause = describeError(error.cause, depth + 1);
  return out;
}

/**
 * Decides what a handler's failure leaves on the step and the run. A StepError is written by our
 * handlers for the person reading the run: its message and details are kept. Anything else (a
 * database error with its SQL and parameters, a TypeError, an exception from a library) is a fault
 * of ours: the ledger gets a generic message and a correlation id, and the full error goes to the
 * server log under the same id.
 */
export function classifyFailure(
  error: unknown,
  step: Pick<WorkflowRunStep, "id" | "runId" | "orgId" | "stepNumber" | "stepType" | "attempt">,
  log: (line: string) => void = (line) => console.error(line),
): RecordedFailure {
  const llm = llmUsageOf(error);
  if (error instanceof StepError) {
    return { message: error.message, details: error.options.details, retryable: error.retryable, llm };
  }
  const correlationId = newCorrelationId();
  log(
    JSON.stringify({
      level: "error",
      msg: "[worker] step failed with an internal error",
      correlation_id: correlationId,
      org_id: step.orgId,
      run_id: step.runId,
      step_id: step.id,
      step_number: step.stepNumber,
      step_type: step.stepType,
      attempt: step.attempt,
      error: describeError(error),
    }),
  );
  return {
    message: internalErrorMessage(correlationId),
    details: { correlation_id: correlationId },
    retryable: true,
    llm,
  };
}
