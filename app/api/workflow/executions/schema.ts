import { z } from "zod";
import { channels } from "@/db/schema/enums";
import { jsonProblem, storableText } from "@/db/queries/input";
import { runRef } from "@/lib/api/schemas";

export { storableText };

/** Any JSON value PostgreSQL's jsonb can store; required (a missing value is an error). */
export const jsonValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: "custom", message: "required" });
    return;
  }
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A JSON object with string keys (up to 200 characters) that jsonb can store. */
export const jsonObject = z.record(storableText(z.string().max(200)), jsonValue) as z.ZodType<
  Record<string, unknown>
>;

export { runListQuery } from "@/lib/api/schemas";

export const runParams = z.strictObject({ workflowId: runRef });

/** A step number in a path: 1, 2, … */
export const stepNumber = z
  .string()
  .regex(/^[1-9]\d{0,4}$/, "must be a step number (1, 2, …)")
  .transform(Number);

export const stepParams = z.strictObject({ workflowId: runRef, stepNumber });

/** Start an execution of any workflow on any channel (seed 002 start_workflow_execution). */
export const startExecutionBody = z.strictObject({
  workflow_id: z.uuid(),
  channel: z.enum(channels).default("api"),
  external_id: storableText(z.string().trim().min(1).max(255)).optional(),
  title: storableText(z.string().trim().min(1).max(300)).optional(),
  inputs: jsonObject.optional(),
  context: jsonObject.optional(),
  deadline_seconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional(),
});

/** Outcome fields shared by PUT …/status and POST …/complete. */
export const runOutcomeFields = {
  error: storableText(z.string().trim().min(1).max(2000)).optional(),
  error_details: jsonObject.optional(),
  results: z.record(storableText(z.string().max(100)), z.number().int().min(0).max(1_000_000_000)).optional(),
  metrics: z.record(storableText(z.string().max(100)), z.number()).optional(),
};

/** Seed 001 PUT …/status: only these fields, only lifecycle-legal changes. */
export const statusUpdateBody = z.strictObject({
  status: z.enum(["completed", "failed", "cancelled"]),
  ...runOutcomeFields,
});

/** A context key: 1–100 letters, digits, `_`, `.` or `-`. */
export const contextKey = z
  .string()
  .regex(/^[\w.-]{1,100}$/, "must be 1–100 letters, digits, _ . or -")
  .refine((k) => k !== "__proto__", "is reserved");
