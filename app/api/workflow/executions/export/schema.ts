import { z } from "zod";
import { runFilterFields } from "@/lib/api/schemas";

/** The run list's filters (same scope rules), plus the file format. */
export const exportQuery = z.strictObject({
  ...runFilterFields,
  format: z.enum(["csv", "ndjson"]).default("csv"),
});

export const exportCsv = z
  .string()
  .describe(
    "RFC 4180 CSV with a header row: workflow_id, title, status, channel, source, external_id, workflow_name, workflow_version, jd_id, jd_title, started_by, started_by_name, started_by_email, total_resumes, processed_resumes, completed_steps, total_steps, progress_percentage, tier, llm_model, llm_tokens_used, error, started_at, completed_at, duration_ms, created_at, updated_at, metrics, results, context (JSON). Text cells starting with = + - @ are prefixed with an apostrophe. With format=ndjson: application/x-ndjson, one run summary (as in the run list) per line.",
  );
