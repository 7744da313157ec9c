import { z } from "zod";

/** Import files up to 20 MB (a localStorage export is tiny; a Mongo export of years of runs is not). */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
export const IMPORT_CONTENT_TYPES = /^application\/(json|x-ndjson|ndjson|jsonl)\b/i;

// The body is read raw (JSON or NDJSON) and validated item by item in lib/import/legacy.ts; these
// schemas describe it for the OpenAPI document.
const dateValue = z.union([
  z.string().describe("ISO 8601"),
  z.number().describe("epoch milliseconds"),
  z
    .object({ $date: z.union([z.string(), z.object({ $numberLong: z.string() })]) })
    .describe("Extended JSON date"),
]);
const agent = z
  .object({
    id: z.string().optional().describe("resume-extractor | jd-reader | resume-reader | hr-comparator"),
    agent_id: z.string().optional(),
    name: z.string().optional(),
    status: z.string().optional(),
    started_at: dateValue.optional(),
    completed_at: dateValue.optional(),
    duration_ms: z.number().optional(),
    processed: z.number().int().optional(),
    total: z.number().int().optional(),
  })
  .describe("camelCase twins (agentId, startedAt …) are accepted too");

export const localStorageEntry = z
  .object({
    id: z.string().describe("workflow-<ms>: the dedupe key"),
    timestamp: z.string(),
    jdId: z.string().optional(),
    jdTitle: z.string().optional(),
    totalCandidates: z.number().int().optional(),
    completionStatus: z.enum(["Completed", "In Progress"]).optional(),
    agents: z.array(agent).optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
    progress: z.record(z.string(), z.unknown()).optional(),
  })
  .describe("An entry of the browser's localStorage workflowHistory (seed 001)");

export const mongoExecution = z
  .object({
    _id: z.union([z.string(), z.object({ $oid: z.string() })]).describe("the dedupe key"),
    workflow_id: z.string().optional(),
    jd_id: z.string().optional(),
    jd_title: z.string().optional(),
    status: z.enum(["pending", "in_progress", "completed", "failed"]).optional(),
    started_by: z
      .unknown()
      .optional()
      .describe("a user of the organization (uuid or e-mail), else the importer"),
    started_at: dateValue.optional(),
    completed_at: dateValue.optional(),
    resume_ids: z.array(z.unknown()).optional(),
    total_resumes: z.unknown().optional(),
    processed_resumes: z.unknown().optional(),
    agents: z.array(agent).optional(),
    progress: z.record(z.string(), z.unknown()).optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
    results: z.record(z.string(), z.unknown()).optional(),
    error: z.string().nullable().optional(),
    error_details: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .describe("A MongoDB workflow_executions document in Extended JSON (one per line as NDJSON, or an array)");

export const importBody = z.union([
  z.array(localStorageEntry),
  z.object({ workflowHistory: z.array(localStorageEntry) }),
  z.array(mongoExecution),
]);

export const importReport = z.object({
  format: z.enum(["local_storage", "mongo", "mixed"]),
  total: z.number().int(),
  created: z.number().int(),
  skipped_existing: z.number().int(),
  runs: z.array(
    z.object({
      index: z.number().int(),
      legacy_id: z.string(),
      outcome: z.enum(["created", "skipped_existing"]),
      workflow_id: z.string().nullable(),
      status: z.string(),
      steps: z.number().int(),
      defaulted: z
        .array(z.string())
        .describe('fields that got a fallback, e.g. "steps.2.step_name", "started_by"'),
    }),
  ),
});
