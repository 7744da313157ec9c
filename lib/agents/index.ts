import { approvalHandler, delayHandler, manualHandler } from "./handlers/gates";
import { createMatchingHandlers, type MatchingOptions } from "./handlers/matching";
import { interviewHandler, todoHandler } from "./handlers/records";
import { webhookCallHandler } from "./handlers/webhook-call";
import type { HandledStepType } from "@/lib/steps/registry";
import type { HandlerRegistry, StepHandler } from "./types";

export type HandlerOptions = MatchingOptions;

/**
 * One handler per step type the registry (lib/steps/registry.ts) says our workers run — the compiler
 * holds the two together. `external` has none on purpose: external executors claim and complete
 * those steps over the API. `unknown` (imported steps whose type was lost) has none either, so it
 * fails with a clear error.
 */
export function createHandlers(options: HandlerOptions = {}): HandlerRegistry {
  const byType: Record<HandledStepType, StepHandler> = {
    ...createMatchingHandlers(options),
    approval: approvalHandler,
    manual: manualHandler,
    delay: delayHandler,
    interview_scheduling: interviewHandler,
    todo: todoHandler,
    webhook_call: webhookCallHandler,
  };
  return byType;
}

export const handlers: HandlerRegistry = createHandlers();
