import { z } from "zod";
import { jsonObject, storableText } from "../../../../schema";

/** Seed 002 complete_workflow_step: the outcome of a step the executor started. */
export const completeStepBody = z.discriminatedUnion("status", [
  z.strictObject({
    status: z.literal("completed"),
    output: jsonObject.optional(),
  }),
  z.strictObject({
    status: z.literal("failed"),
    error: storableText(z.string().trim().min(1).max(2000)),
    error_details: jsonObject.optional(),
    /** false: fail now even with retries left (default true: the node's max_retries apply). */
    retryable: z.boolean().optional(),
  }),
]);
