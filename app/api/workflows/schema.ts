import { z } from "zod";
import { jsonObject, storableJson, text } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { channels, stepTypes } from "@/db/schema/enums";
import { ioSchemaSchema } from "@/lib/engine/io-schema";
import type { WorkflowDefinition } from "@/lib/workflows/definitions";

// A workflow definition as the API takes it (POST /api/workflows and PUT /api/workflows/{id}): nodes
// named by `key` so bindings can refer to them before they have ids, ordered by `order_number`
// (distinct; stored as positions 1..n), bindings from an output of one node to an input of a later
// node, and optional channel settings.

const NODE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const nodeBody = z
  .strictObject({
    key: z.string().regex(NODE_KEY, "1–64 letters, digits, _ or -"),
    order_number: z.number().int().min(1).max(10_000),
    step_name: text().trim().min(1).max(200),
    step_type: z.enum(stepTypes),
    step_description: text().trim().max(2000).nullable().optional(),
    auto_start: z.boolean(),
    required_human_approval: z.boolean(),
    number_of_approvals_needed: z.number().int().min(1).max(50).nullable().optional(),
    approvers: z.array(z.uuid()).max(50),
    delay_in_seconds: z.number().int().min(0).max(31_536_000).nullable().optional(),
    max_retries: z.number().int().min(0).max(100),
    timeout_seconds: z.number().int().min(1).max(604_800).nullable().optional(),
    config: jsonObject().optional(),
    // checked for what jsonb can store before the IO schema rules look inside (defaults can be any JSON)
    io_schema: storableJson().pipe(ioSchemaSchema),
  })
  .superRefine((node, ctx) => {
    const seen = new Set<string>();
    node.approvers.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["approvers", i], message: "is listed twice" });
      seen.add(id);
    });
    const needed = node.number_of_approvals_needed;
    if (needed != null && !node.required_human_approval) {
      ctx.addIssue({
        code: "custom",
        path: ["number_of_approvals_needed"],
        message: "only applies when required_human_approval is true",
      });
    }
    if (needed != null && node.approvers.length > 0 && needed > node.approvers.length) {
      ctx.addIssue({
        code: "custom",
        path: ["number_of_approvals_needed"],
        message: `needs ${needed} approvals but only ${node.approvers.length} approvers are listed`,
      });
    }
  });

export const bindingBody = z.strictObject({
  source: z.string().regex(NODE_KEY, "must be a node key"),
  source_key: text().min(1).max(200),
  target: z.string().regex(NODE_KEY, "must be a node key"),
  target_key: z.string().regex(FIELD_NAME, "must be an input name"),
});

export const channelBody = z.strictObject({
  channel: z.enum(channels),
  enabled: z.boolean().default(true),
  priority: z.number().int().min(0).max(1000).default(0),
});

export const workflowBody = z
  .strictObject({
    name: text().trim().min(1).max(200),
    description: text().trim().max(5000).nullable().optional(),
    nodes: z.array(nodeBody).min(1).max(100),
    bindings: z.array(bindingBody).max(500).default([]),
    channels: z.array(channelBody).max(channels.length).optional(),
  })
  .superRefine((body, ctx) => {
    const nodeByKey = new Map<string, (typeof body.nodes)[number]>();
    const orders = new Set<number>();
    body.nodes.forEach((node, i) => {
      if (nodeByKey.has(node.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["nodes", i, "key"],
          message: `duplicate node key "${node.key}"`,
        });
      } else nodeByKey.set(node.key, node);
      if (orders.has(node.order_number)) {
        ctx.addIssue({
          code: "custom",
          path: ["nodes", i, "order_number"],
          message: `order_number ${node.order_number} is used twice`,
        });
      }
      orders.add(node.order_number);
    });
    const bound = new Set<string>();
    body.bindings.forEach((b, i) => {
      const source = nodeByKey.get(b.source);
      const target = nodeByKey.get(b.target);
      if (!source)
        ctx.addIssue({ code: "custom", path: ["bindings", i, "source"], message: `no node "${b.source}"` });
      if (!target)
        ctx.addIssue({ code: "custom", path: ["bindings", i, "target"], message: `no node "${b.target}"` });
      if (!source || !target) return;
      if (source.order_number >= target.order_number) {
        ctx.addIssue({
          code: "custom",
          path: ["bindings", i],
          message: "the source node must come before the target",
        });
      }
      const field = b.source_key.split(".")[0];
      if (!source.io_schema.outputs.some((f) => f.name === field)) {
        ctx.addIssue({
          code: "custom",
          path: ["bindings", i, "source_key"],
          message: `"${field}" is not a declared output of node "${b.source}"`,
        });
      }
      if (!target.io_schema.inputs.some((f) => f.name === b.target_key)) {
        ctx.addIssue({
          code: "custom",
          path: ["bindings", i, "target_key"],
          message: `"${b.target_key}" is not a declared input of node "${b.target}"`,
        });
      }
      const id = `${b.target}.${b.target_key}`;
      if (bound.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["bindings", i, "target_key"],
          message: `input ${id} is bound twice`,
        });
      }
      bound.add(id);
    });
    const seen = new Set<string>();
    body.channels?.forEach((c, i) => {
      if (seen.has(c.channel)) {
        ctx.addIssue({
          code: "custom",
          path: ["channels", i, "channel"],
          message: `channel ${c.channel} is listed twice`,
        });
      }
      seen.add(c.channel);
    });
  });

export type WorkflowBody = z.output<typeof workflowBody>;

/** The body as a WorkflowDefinition (nodes in order_number order). */
export function toDefinition(body: WorkflowBody): WorkflowDefinition {
  return {
    name: body.name,
    description: body.description ?? "",
    nodes: [...body.nodes]
      .sort((a, b) => a.order_number - b.order_number)
      .map((n) => ({
        key: n.key,
        stepName: n.step_name,
        stepType: n.step_type,
        stepDescription: n.step_description ?? "",
        autoStart: n.auto_start,
        requiredHumanApproval: n.required_human_approval,
        numberOfApprovalsNeeded: n.number_of_approvals_needed ?? null,
        approvers: n.approvers,
        delayInSeconds: n.delay_in_seconds ?? null,
        maxRetries: n.max_retries,
        timeoutSeconds: n.timeout_seconds ?? null,
        config: n.config ?? {},
        ioSchema: n.io_schema,
      })),
    bindings: body.bindings.map((b) => ({
      source: b.source,
      sourceKey: b.source_key,
      target: b.target,
      targetKey: b.target_key,
    })),
    channels: (body.channels ?? []).map((c) => ({
      channel: c.channel,
      enabled: c.enabled,
      priority: c.priority,
    })),
  };
}

export const listWorkflowsQuery = z.strictObject({
  q: text().trim().min(1).max(200).optional(),
  include_deleted: boolQuery.optional(),
  ...pageFields(50),
});

export const workflowDetailQuery = z.strictObject({ include_deleted: boolQuery.optional() });

export const workflowParams = z.strictObject({ workflowId: z.uuid() });
export const versionParams = z.strictObject({
  workflowId: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
export const channelParams = z.strictObject({ workflowId: z.uuid(), channel: z.enum(channels) });

export const activeConfigQuery = z.strictObject({ channel: z.enum(channels).default("web") });

const MAX_URL = 2048;

export const workflowChannelBody = z.strictObject({
  enabled: z.boolean(),
  priority: z.number().int().min(0).max(1000),
  /** A new URL, null to remove the webhook, absent to keep the current one. */
  webhook_url: text().trim().min(1).max(MAX_URL).nullable().optional(),
  /** Issue a new signing secret (returned once, in this response). */
  rotate_secret: z.boolean().optional(),
});
