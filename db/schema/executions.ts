import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, orgId, updatedAt } from "./columns";
import type { IoSchema } from "./definitions";
import { workflowNodes, workflows } from "./definitions";
import {
  approvalDecisions,
  channels,
  matchBands,
  runSources,
  runStatuses,
  stepStatuses,
  stepTypes,
} from "./enums";
import { jobDescriptions, resumes } from "./recruiting";
import { organizations, users } from "./tenancy";

export type RunProgress = { completed_steps: number; total_steps: number; percentage: number };
export type RunMetrics = {
  total_candidates?: number;
  processing_time_ms?: number;
  match_rate?: number;
  top_matches?: number;
  [key: string]: unknown;
};
export type RunResults = {
  excellent_matches?: number;
  good_matches?: number;
  average_matches?: number;
  poor_matches?: number;
  [key: string]: unknown;
};
export type EndpointUse = {
  endpoint: string;
  method?: string;
  status?: number;
  at: string;
  [k: string]: unknown;
};
export type StepEvent = { type: string; timestamp: string; data?: Record<string, unknown> };
export type Screenshot = { url: string; timestamp: string; action?: string; [key: string]: unknown };

/** Public ids come from a sequence: unique under any number of concurrent starts. */
export const workflowRunPublicSeq = pgSequence("workflow_run_public_seq");

/**
 * One execution of a workflow (seed 004's user_workflow_run, with seed 001's
 * workflow_executions document folded in). Context and endpoints live here as JSONB.
 */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    /** Public id `WF-…`, the seed's workflow_id: a keyed permutation of a sequence (migration 0004_public_ids). */
    publicId: text("public_id").notNull().default(sql`next_public_id('WF')`),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "set null" }),
    workflowVersion: integer("workflow_version"),
    channel: text("channel", { enum: channels }).notNull().default("web"),
    externalId: text("external_id"),
    status: text("status", { enum: runStatuses }).notNull().default("pending"),
    source: text("source", { enum: runSources }).notNull().default("engine"),
    /** Human-readable title: the JD title for matching runs, the workflow name otherwise. */
    title: text("title"),
    startedBy: uuid("started_by").references(() => users.id, { onDelete: "set null" }),
    // seed 001: the matching batch
    jdId: uuid("jd_id").references(() => jobDescriptions.id, { onDelete: "set null" }),
    jdTitle: text("jd_title"),
    resumeIds: jsonb("resume_ids").$type<string[]>().notNull().default([]),
    totalResumes: integer("total_resumes").notNull().default(0),
    processedResumes: integer("processed_resumes").notNull().default(0),
    forceReprocess: boolean("force_reprocess").notNull().default(false),
    /** Inputs the run was started with; step inputs are assembled from these and bindings. */
    inputs: jsonb("inputs").$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb("progress")
      .$type<RunProgress>()
      .notNull()
      .default({ completed_steps: 0, total_steps: 0, percentage: 0 }),
    metrics: jsonb("metrics").$type<RunMetrics>().notNull().default({}),
    results: jsonb("results").$type<RunResults>(),
    // seed 004: consolidated context, endpoints and configuration snapshot
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    endpointsUsed: jsonb("endpoints_used").$type<EndpointUse[]>().notNull().default([]),
    configSnapshot: jsonb("config_snapshot").$type<Record<string, unknown>>(),
    errorMessage: text("error_message"),
    errorDetails: jsonb("error_details").$type<Record<string, unknown>>(),
    llmPrompt: text("llm_prompt"),
    llmResponse: text("llm_response"),
    llmModel: text("llm_model"),
    llmTokensUsed: integer("llm_tokens_used"),
    tier: smallint("tier"),
    tierReason: text("tier_reason"),
    idempotencyKey: text("idempotency_key"),
    /** Id in the system a run was imported from (localStorage id or Mongo ObjectId): re-imports are no-ops. */
    legacyId: text("legacy_id"),
    rerunOf: uuid("rerun_of").references((): AnyPgColumn => workflowRuns.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Run deadline; the worker times the run out when it passes. */
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** When the ledger recorded the row (an import keeps the run's own, older created_at); retention spares recent ones. */
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("workflow_runs_public_id_key").on(t.publicId),
    // run history of an organization, newest first (keyset on created_at, id)
    index("workflow_runs_org_time_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    // "my runs": history of one user, keyset on (created_at, id)
    index("workflow_runs_started_by_idx").on(t.orgId, t.startedBy, t.createdAt.desc(), t.id.desc()),
    // runs of one job description
    index("workflow_runs_jd_idx").on(t.orgId, t.jdId, t.createdAt.desc(), t.id.desc()),
    // runs by status (dashboards, bulk actions on active runs, the history's status filter)
    index("workflow_runs_status_idx").on(t.orgId, t.status, t.createdAt.desc(), t.id.desc()),
    // runs of one workflow per channel (channel performance, execution summary)
    index("workflow_runs_workflow_idx").on(t.orgId, t.workflowId, t.channel, t.createdAt.desc()),
    // the history's workflow and channel filters, newest first
    index("workflow_runs_org_workflow_time_idx").on(t.orgId, t.workflowId, t.createdAt.desc(), t.id.desc()),
    index("workflow_runs_org_channel_time_idx").on(t.orgId, t.channel, t.createdAt.desc(), t.id.desc()),
    // the history's other sorts, keyset on exactly the keys of db/queries/runs.ts (NULLs last both ways)
    index("workflow_runs_org_duration_asc_idx").on(
      t.orgId,
      sql`(${t.durationMs} IS NULL)`,
      sql`(coalesce(${t.durationMs}, 0))`,
      t.id,
    ),
    index("workflow_runs_org_duration_desc_idx").on(t.orgId, sql`(coalesce(${t.durationMs}, -1))`, t.id),
    index("workflow_runs_org_status_sort_idx").on(t.orgId, t.status, t.id),
    index("workflow_runs_org_title_asc_idx").on(
      t.orgId,
      sql`(${t.title} IS NULL)`,
      sql`(coalesce(${t.title}, ''))`,
      t.id,
    ),
    index("workflow_runs_org_title_desc_idx").on(t.orgId, sql`(coalesce(${t.title}, ''))`, t.id),
    // external executors look their run up by their own id
    index("workflow_runs_external_idx").on(t.orgId, t.externalId).where(sql`${t.externalId} IS NOT NULL`),
    // the runs that rerun a run (both directions of the rerun link); the FK's ON DELETE SET NULL too
    index("workflow_runs_rerun_of_idx").on(t.rerunOf).where(sql`${t.rerunOf} IS NOT NULL`),
    // JSON containment on context, e.g. context @> '{"correlation_id":"xyz789"}'
    index("workflow_runs_context_gin").using("gin", sql`${t.context} jsonb_path_ops`),
    // worker: unfinished runs past their deadline
    index("workflow_runs_deadline_idx")
      .on(t.deadlineAt)
      .where(sql`${t.status} IN ('pending', 'active', 'waiting') AND ${t.deadlineAt} IS NOT NULL`),
    uniqueIndex("workflow_runs_idempotency_key").on(t.orgId, t.idempotencyKey),
    uniqueIndex("workflow_runs_legacy_key").on(t.orgId, t.legacyId),
    check("workflow_runs_status_check", oneOf("status", runStatuses)),
    check("workflow_runs_channel_check", oneOf("channel", channels)),
    check("workflow_runs_source_check", oneOf("source", runSources)),
    check(
      "workflow_runs_counts_check",
      sql`${t.totalResumes} >= 0 AND ${t.processedResumes} >= 0 AND ${t.processedResumes} <= ${t.totalResumes}`,
    ),
    check("workflow_runs_duration_check", sql`${t.durationMs} IS NULL OR ${t.durationMs} >= 0`),
    // shapes the views and the API rely on: one malformed row must not break an organization's analytics
    check(
      "workflow_runs_json_shape_check",
      sql`jsonb_typeof(${t.context}) = 'object' AND jsonb_typeof(${t.endpointsUsed}) = 'array' AND jsonb_typeof(${t.resumeIds}) = 'array'`,
    ),
  ],
);

/**
 * One row per node per run (seed 004's user_workflow_run_step) with the node's
 * configuration copied in at start (seed 000), so a run is self-contained and
 * later edits to the workflow never change a run in flight. Steps are also the
 * worker's queue.
 */
export const workflowRunSteps = pgTable(
  "workflow_run_steps",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    nodeId: uuid("node_id").references(() => workflowNodes.id, { onDelete: "set null" }),
    stepNumber: integer("step_number").notNull(),
    // copied node configuration (seed 000); fallbacks per its backfill
    orderNumber: integer("order_number").notNull().default(0),
    stepName: text("step_name").notNull().default("Unknown Step"),
    stepType: text("step_type", { enum: stepTypes }).notNull().default("unknown"),
    stepDescription: text("step_description"),
    autoStart: boolean("auto_start").notNull().default(false),
    requiredHumanApproval: boolean("required_human_approval").notNull().default(false),
    numberOfApprovalsNeeded: integer("number_of_approvals_needed"),
    approvers: jsonb("approvers").$type<string[]>().notNull().default([]),
    delayInSeconds: integer("delay_in_seconds"),
    maxRetries: integer("max_retries").notNull().default(0),
    timeoutSeconds: integer("timeout_seconds"),
    nodeConfig: jsonb("node_config").$type<Record<string, unknown>>().notNull().default({}),
    ioSchema: jsonb("io_schema").$type<IoSchema>(),
    // execution state
    status: text("status", { enum: stepStatuses }).notNull().default("pending"),
    /** Incremented on every claim; completions are fenced on it. */
    attempt: integer("attempt").notNull().default(0),
    retryCount: integer("retry_count").notNull().default(0),
    runAt: timestamp("run_at", { withTimezone: true }),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    /** Items this step has worked through (resumes for the agents), for live progress. */
    processedItems: integer("processed_items").notNull().default(0),
    totalItems: integer("total_items").notNull().default(0),
    inputData: jsonb("input_data").$type<Record<string, unknown>>(),
    outputData: jsonb("output_data").$type<Record<string, unknown>>(),
    events: jsonb("events").$type<StepEvent[]>().notNull().default([]),
    screenshots: jsonb("screenshots").$type<Screenshot[]>().notNull().default([]),
    errorMessage: text("error_message"),
    errorDetails: jsonb("error_details").$type<Record<string, unknown>>(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    llmPrompt: text("llm_prompt"),
    llmResponse: text("llm_response"),
    llmModel: text("llm_model"),
    llmTokensUsed: integer("llm_tokens_used"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("workflow_run_steps_run_step_key").on(t.runId, t.stepNumber),
    // worker: due steps (queued, or scheduled and due), oldest first, claimed FOR UPDATE SKIP LOCKED;
    // the predicate is the claim's own condition, so the claim reads it in order and stops early
    index("workflow_run_steps_claim_idx")
      .on(t.runAt)
      .where(sql`${t.status} IN ('queued', 'scheduled') AND ${t.stepType} <> 'external'`),
    // a completion refilling its slot from its own organization's queue (tenant transaction)
    index("workflow_run_steps_claim_org_idx")
      .on(t.orgId, t.runAt)
      .where(sql`${t.status} IN ('queued', 'scheduled') AND ${t.stepType} <> 'external'`),
    // reaper: running steps whose lease has expired
    index("workflow_run_steps_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    // approvals inbox: steps waiting for a decision in an organization
    index("workflow_run_steps_waiting_idx")
      .on(t.orgId, t.createdAt)
      .where(sql`${t.status} IN ('waiting_approval', 'waiting_manual')`),
    // node statistics and failed-steps analysis per step type
    index("workflow_run_steps_type_status_idx").on(t.orgId, t.stepType, t.status),
    // events containment, e.g. events @> '[{"type":"error"}]'
    index("workflow_run_steps_events_gin").using("gin", sql`${t.events} jsonb_path_ops`),
    // backfill: steps pointing at a node
    index("workflow_run_steps_node_idx").on(t.nodeId),
    check("workflow_run_steps_status_check", oneOf("status", stepStatuses)),
    check("workflow_run_steps_step_type_check", oneOf("step_type", stepTypes)),
    check("workflow_run_steps_attempt_check", sql`${t.attempt} >= 0 AND ${t.retryCount} >= 0`),
    check(
      "workflow_run_steps_items_check",
      sql`${t.processedItems} >= 0 AND ${t.totalItems} >= 0 AND ${t.processedItems} <= ${t.totalItems}`,
    ),
    check(
      "workflow_run_steps_json_shape_check",
      sql`jsonb_typeof(${t.events}) = 'array' AND jsonb_typeof(${t.screenshots}) = 'array' AND jsonb_typeof(${t.metadata}) = 'object'`,
    ),
    check(
      "workflow_run_steps_lease_check",
      sql`${t.status} <> 'running' OR (${t.leaseOwner} IS NOT NULL AND ${t.leaseExpiresAt} IS NOT NULL)`,
    ),
  ],
);

/** One decision per approver per step; N distinct approvals release the step. */
export const stepApprovals = pgTable(
  "step_approvals",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    stepId: uuid("step_id")
      .notNull()
      .references(() => workflowRunSteps.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: approvalDecisions }).notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    // counting decisions on a step; one per approver
    uniqueIndex("step_approvals_step_user_key").on(t.stepId, t.userId),
    index("step_approvals_run_idx").on(t.runId),
    check("step_approvals_decision_check", oneOf("decision", approvalDecisions)),
  ],
);

export const matchResults = pgTable(
  "match_results",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    jdId: uuid("jd_id")
      .notNull()
      .references(() => jobDescriptions.id, { onDelete: "cascade" }),
    resumeId: uuid("resume_id")
      .notNull()
      .references(() => resumes.id, { onDelete: "cascade" }),
    score: numeric("score", { precision: 5, scale: 1, mode: "number" }).notNull(),
    band: text("band", { enum: matchBands }).notNull(),
    matchedSkills: jsonb("matched_skills").$type<string[]>().notNull().default([]),
    missingSkills: jsonb("missing_skills").$type<string[]>().notNull().default([]),
    explanation: jsonb("explanation").$type<Record<string, unknown>>().notNull().default({}),
    /** Written rationale from the optional LLM. */
    rationale: text("rationale"),
    createdAt: createdAt(),
  },
  (t) => [
    // ranked results of a run; one result per resume per run (handlers are idempotent)
    uniqueIndex("match_results_run_resume_key").on(t.runId, t.resumeId),
    index("match_results_run_score_idx").on(t.runId, t.score.desc()),
    // candidate page: a resume's matches across jobs
    index("match_results_resume_idx").on(t.resumeId),
    check("match_results_score_check", sql`${t.score} BETWEEN 0 AND 100`),
    check("match_results_band_check", oneOf("band", matchBands)),
  ],
);

export type WorkflowRun = typeof workflowRuns.$inferSelect;
export type NewWorkflowRun = typeof workflowRuns.$inferInsert;
export type WorkflowRunStep = typeof workflowRunSteps.$inferSelect;
export type NewWorkflowRunStep = typeof workflowRunSteps.$inferInsert;
export type StepApproval = typeof stepApprovals.$inferSelect;
export type MatchResult = typeof matchResults.$inferSelect;
