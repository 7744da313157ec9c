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
import { channels, configScopes, stepTypes, workflowStatuses } from "./enums";
import { organizations, users } from "./tenancy";

/** A node's declared inputs and outputs (seed 002's node_io_requirements), validated by lib/engine/io-schema. */
export type IoSchema = { inputs: IoField[]; outputs: IoField[] };
export type IoField = {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  description?: string;
  validation?: Record<string, unknown>;
};

/** The seeds' recruitment_processes: a definition of ordered steps. */
export const workflows = pgTable(
  "workflows",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: workflowStatuses }).notNull().default("active"),
    /** Incremented on every definition change; runs record the version they started on. */
    version: integer("version").notNull().default(1),
    /** Built-in workflows (AI Resume Matching) are created for every organization. */
    builtinKey: text("builtin_key"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...softDelete(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // workflow list: live workflows of an organization by name
    index("workflows_org_idx").on(t.orgId, t.name).where(sql`NOT ${t.isDeleted}`),
    // find the built-in workflow of an organization
    uniqueIndex("workflows_builtin_key").on(t.orgId, t.builtinKey),
    check("workflows_status_check", oneOf("status", workflowStatuses)),
    check("workflows_version_check", sql`${t.version} >= 1`),
  ],
);

/** Immutable snapshots of each workflow version (nodes and bindings), for history and diffing. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    // version history of a workflow
    uniqueIndex("workflow_versions_workflow_version_key").on(t.workflowId, t.version),
  ],
);

export const workflowNodes = pgTable(
  "workflow_nodes",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    orderNumber: integer("order_number").notNull(),
    stepName: text("step_name").notNull(),
    stepType: text("step_type", { enum: stepTypes }).notNull(),
    stepDescription: text("step_description"),
    autoStart: boolean("auto_start").notNull().default(true),
    requiredHumanApproval: boolean("required_human_approval").notNull().default(false),
    numberOfApprovalsNeeded: integer("number_of_approvals_needed"),
    /** User ids allowed to approve; empty means any manager or admin of the organization. */
    approvers: jsonb("approvers").$type<string[]>().notNull().default([]),
    delayInSeconds: integer("delay_in_seconds"),
    maxRetries: integer("max_retries").notNull().default(3),
    timeoutSeconds: integer("timeout_seconds"),
    /** Handler settings (webhook URL, todo title, interview length …). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    ioSchema: jsonb("io_schema").$type<IoSchema>().notNull().default({ inputs: [], outputs: [] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // a workflow's nodes in execution order
    index("workflow_nodes_workflow_order_idx").on(t.workflowId, t.orderNumber),
    check("workflow_nodes_step_type_check", oneOf("step_type", stepTypes)),
    check("workflow_nodes_order_check", sql`${t.orderNumber} >= 0`),
    check(
      "workflow_nodes_approvals_check",
      sql`${t.numberOfApprovalsNeeded} IS NULL OR ${t.numberOfApprovalsNeeded} >= 1`,
    ),
    check("workflow_nodes_delay_check", sql`${t.delayInSeconds} IS NULL OR ${t.delayInSeconds} >= 0`),
    check("workflow_nodes_retries_check", sql`${t.maxRetries} BETWEEN 0 AND 100`),
    check("workflow_nodes_timeout_check", sql`${t.timeoutSeconds} IS NULL OR ${t.timeoutSeconds} >= 1`),
  ],
);

/** Data flow between nodes: an output of one node feeds an input of a later one. */
export const workflowDataBindings = pgTable(
  "workflow_data_bindings",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    sourceNodeId: uuid("source_node_id")
      .notNull()
      .references(() => workflowNodes.id, { onDelete: "cascade" }),
    sourceKey: text("source_key").notNull(),
    targetNodeId: uuid("target_node_id")
      .notNull()
      .references(() => workflowNodes.id, { onDelete: "cascade" }),
    targetKey: text("target_key").notNull(),
    bindingType: text("binding_type").notNull().default("direct"),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    // input assembly: the bindings feeding a node
    index("workflow_data_bindings_target_idx").on(t.targetNodeId),
    index("workflow_data_bindings_workflow_idx").on(t.workflowId),
    uniqueIndex("workflow_data_bindings_target_key").on(t.targetNodeId, t.targetKey),
  ],
);

/** Versioned configuration; at most one active version per (org, scope, workflow, channel). */
export const workflowConfigs = pgTable(
  "workflow_configs",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: configScopes }).notNull(),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: channels }),
    version: integer("version").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    isActive: boolean("is_active").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    activatedBy: uuid("activated_by").references(() => users.id, { onDelete: "set null" }),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // the one active config per scope (config snapshot at run start, v_active_workflow_configs)
    uniqueIndex("workflow_configs_one_active_key")
      .on(
        t.orgId,
        t.scope,
        sql`coalesce(${t.workflowId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        sql`coalesce(${t.channel}, '')`,
      )
      .where(sql`${t.isActive}`),
    // version history of a scope; versions never repeat
    uniqueIndex("workflow_configs_version_key").on(
      t.orgId,
      t.scope,
      sql`coalesce(${t.workflowId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.channel}, '')`,
      t.version,
    ),
    check("workflow_configs_scope_check", oneOf("scope", configScopes)),
    check("workflow_configs_channel_check", sql`${t.channel} IS NULL OR ${oneOf("channel", channels)}`),
    check(
      "workflow_configs_scope_fields_check",
      sql`(${t.scope} = 'global' AND ${t.workflowId} IS NULL AND ${t.channel} IS NULL)
        OR (${t.scope} = 'channel' AND ${t.workflowId} IS NULL AND ${t.channel} IS NOT NULL)
        OR (${t.scope} = 'workflow' AND ${t.workflowId} IS NOT NULL)`,
    ),
  ],
);

export const channelConfigs = pgTable(
  "channel_configs",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: channels }).notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // one settings row per channel of an organization
    uniqueIndex("channel_configs_org_channel_key").on(t.orgId, t.channel),
    check("channel_configs_channel_check", oneOf("channel", channels)),
  ],
);

export const workflowChannelConfigs = pgTable(
  "workflow_channel_configs",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: channels }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    priority: integer("priority").notNull().default(0),
    webhookUrl: text("webhook_url"),
    /** Standard Webhooks secret (`whsec_…`) used to sign deliveries. */
    webhookSecret: text("webhook_secret"),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // a workflow's channels by priority; outbox fan-out at run end
    uniqueIndex("workflow_channel_configs_workflow_channel_key").on(t.workflowId, t.channel),
    index("workflow_channel_configs_priority_idx").on(t.workflowId, t.priority.desc()),
    check("workflow_channel_configs_channel_check", oneOf("channel", channels)),
  ],
);

export type Workflow = typeof workflows.$inferSelect;
export type WorkflowNode = typeof workflowNodes.$inferSelect;
export type NewWorkflowNode = typeof workflowNodes.$inferInsert;
export type WorkflowDataBinding = typeof workflowDataBindings.$inferSelect;
export type WorkflowConfig = typeof workflowConfigs.$inferSelect;
export type ChannelConfig = typeof channelConfigs.$inferSelect;
export type WorkflowChannelConfig = typeof workflowChannelConfigs.$inferSelect;
