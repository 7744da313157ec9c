import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, orgId, softDelete, updatedAt } from "./columns";
import { workflowChannelConfigs, workflows } from "./definitions";
import {
  deletedVia,
  idempotencyStates,
  interviewStatuses,
  todoPriorities,
  todoStatuses,
  webhookDeliveryStatuses,
} from "./enums";
import { workflowRuns } from "./executions";
import { resumes } from "./recruiting";
import { organizations, users } from "./tenancy";

/**
 * Soft delete with provenance (seed 003): `deleted_via = 'workflow'` marks rows
 * removed by their workflow's cascade, so restoring the workflow brings back
 * exactly those and not rows deleted earlier on their own.
 */
const cascadingSoftDelete = () => ({
  ...softDelete(),
  deletedVia: text("deleted_via", { enum: deletedVia }),
});

export const interviews = pgTable(
  "interviews",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "set null" }),
    runId: uuid("run_id").references(() => workflowRuns.id, { onDelete: "set null" }),
    resumeId: uuid("resume_id").references(() => resumes.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    candidateName: text("candidate_name"),
    interviewerId: uuid("interviewer_id").references(() => users.id, { onDelete: "set null" }),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    durationMinutes: integer("duration_minutes").notNull().default(60),
    location: text("location"),
    status: text("status", { enum: interviewStatuses }).notNull().default("scheduled"),
    notes: text("notes"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...cascadingSoftDelete(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // seed 003 ix_interviews_workflow_id: a workflow's interviews (cascade delete/restore)
    index("ix_interviews_workflow_id").on(t.workflowId),
    // interview list: upcoming first
    index("interviews_org_time_idx").on(t.orgId, t.scheduledAt).where(sql`NOT ${t.isDeleted}`),
    check("interviews_status_check", oneOf("status", interviewStatuses)),
    check(
      "interviews_deleted_via_check",
      sql`${t.deletedVia} IS NULL OR ${oneOf("deleted_via", deletedVia)}`,
    ),
    check("interviews_duration_check", sql`${t.durationMinutes} BETWEEN 1 AND 1440`),
  ],
);

export const todos = pgTable(
  "todos",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "set null" }),
    runId: uuid("run_id").references(() => workflowRuns.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    description: text("description"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    status: text("status", { enum: todoStatuses }).notNull().default("open"),
    priority: text("priority", { enum: todoPriorities }).notNull().default("normal"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...cascadingSoftDelete(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // seed 003 ix_todos_workflow_id: a workflow's todos (cascade delete/restore)
    index("ix_todos_workflow_id").on(t.workflowId),
    // todo list: open items by due date
    index("todos_org_due_idx").on(t.orgId, t.status, t.dueAt).where(sql`NOT ${t.isDeleted}`),
    check("todos_status_check", oneOf("status", todoStatuses)),
    check("todos_priority_check", oneOf("priority", todoPriorities)),
    check("todos_deleted_via_check", sql`${t.deletedVia} IS NULL OR ${oneOf("deleted_via", deletedVia)}`),
  ],
);

export type DeliveryAttempt = { at: string; status?: number; error?: string; duration_ms: number };

/** Outbox: written in the transaction that ends a run, sent by the relay. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    workflowChannelConfigId: uuid("workflow_channel_config_id").references(() => workflowChannelConfigs.id, {
      onDelete: "set null",
    }),
    url: text("url").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    attemptLog: jsonb("attempt_log").$type<DeliveryAttempt[]>().notNull().default([]),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // relay: deliveries due for an attempt
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // a run's deliveries on its detail page
    index("webhook_deliveries_run_idx").on(t.runId),
    check("webhook_deliveries_status_check", oneOf("status", webhookDeliveryStatuses)),
  ],
);

/** Agent memo keyed by content hash (seed 004's micro_state / cache_state), with a TTL. */
export const cacheState = pgTable(
  "cache_state",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    agent: text("agent").notNull(),
    contentHash: text("content_hash").notNull(),
    value: jsonb("value").$type<object>().notNull(),
    hits: integer("hits").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // agent cache lookup by content hash
    uniqueIndex("cache_state_key").on(t.orgId, t.agent, t.contentHash),
    // expiry sweep
    index("cache_state_expires_idx").on(t.expiresAt),
  ],
);

/** History filters saved on the server, private to a user or shared with the organization. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    page: text("page").notNull().default("runs"),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    shared: boolean("shared").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // a user's views plus the organization's shared ones for a page
    index("saved_views_org_page_idx").on(t.orgId, t.page),
    uniqueIndex("saved_views_user_name_key").on(t.userId, t.page, t.name),
  ],
);

/** Stored responses for `Idempotency-Key` on creates, scoped to the caller. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: idempotencyStates }).notNull().default("in_flight"),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true })
      .notNull()
      .default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    // look up a caller's key
    uniqueIndex("idempotency_keys_key").on(t.orgId, t.principal, t.key),
    // expiry sweep
    index("idempotency_keys_expires_idx").on(t.expiresAt),
    check("idempotency_keys_state_check", oneOf("state", idempotencyStates)),
  ],
);

export type Interview = typeof interviews.$inferSelect;
export type Todo = typeof todos.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type CacheState = typeof cacheState.$inferSelect;
export type SavedView = typeof savedViews.$inferSelect;
