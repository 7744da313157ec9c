import { approvalHandler, delayHandler, manualHandler } from "./handlers/gates";
import { createMatchingHandlers, type MatchingOptions } from "./handlers/matching";
import { interviewHandler, todoHandler } from "./handlers/records";
import { webhookCallHandler } from "./handlers/webhook-call";
import type { HandlerRegistry } from "./types";

export type HandlerOptions = MatchingOptions;

/**
 * One handler per step type. `external` has none on purpose: external
 * executors claim and complete those steps over the API. `unknown` (imported
 * steps whose type was lost) has none either, so it fails with a clear error.
 */
export function createHandlers(options: HandlerOptions = {}): HandlerRegistry {
  return {
    ...createMatchingHandlers(options),
    approval: approvalHandler,
    manual: manualHandler,
    delay: delayHandler,
    interview_scheduling: interviewHandler,
    todo: todoHandler,
    webhook_call: webhookCallHandler,
  };
}

export const handlers: HandlerRegistry = createHandlers();
