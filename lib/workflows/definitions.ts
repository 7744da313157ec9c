// Workflow definitions as plain data: what a workflow is before it has database ids. The built-in
// workflows, the demo workflows and (later) imports are written in this shape and turned into rows by
// lib/workflows/create.ts. Pure: safe to import from anywhere, including client components.

import type { IoSchema } from "@/db/schema/definitions";
import type { Channel, StepType } from "@/db/schema/enums";

/** One node; `key` names it inside the definition so bindings can refer to it before it has an id. */
export type NodeDefinition = {
  key: string;
  stepName: string;
  stepType: StepType;
  stepDescription: string;
  autoStart: boolean;
  requiredHumanApproval: boolean;
  numberOfApprovalsNeeded: number | null;
  /** User ids; empty means any manager or admin of the organization. */
  approvers: string[];
  delayInSeconds: number | null;
  maxRetries: number;
  timeoutSeconds: number | null;
  config: Record<string, unknown>;
  ioSchema: IoSchema;
};

/** An output of one node feeding an input of a later one (workflow_data_bindings). */
export type BindingDefinition = {
  source: string;
  sourceKey: string;
  target: string;
  targetKey: string;
  bindingType?: "direct";
};

export type ChannelDefinition = { channel: Channel; enabled: boolean; priority: number };

export type WorkflowDefinition = {
  /** Set for the workflows every organization gets; unique per organization. */
  builtinKey?: string;
  name: string;
  description: string;
  /** In execution order: order_number is the position, starting at 1. */
  nodes: NodeDefinition[];
  bindings: BindingDefinition[];
  channels: ChannelDefinition[];
};

/** Defaults of a node that is neither gated nor delayed; definitions spread it and override. */
export const nodeDefaults = {
  autoStart: true,
  requiredHumanApproval: false,
  numberOfApprovalsNeeded: null,
  approvers: [],
  delayInSeconds: null,
  maxRetries: 2,
  timeoutSeconds: null,
  config: {},
} satisfies Partial<NodeDefinition>;

/**
 * The snapshot stored in workflow_versions.definition: the definition as the API shows it
 * (snake_case), with bindings by order_number so the snapshot never depends on row ids.
 */
export function definitionSnapshot(definition: WorkflowDefinition): Record<string, unknown> {
  const orderOf = new Map(definition.nodes.map((node, index) => [node.key, index + 1]));
  return {
    name: definition.name,
    description: definition.description,
    builtin_key: definition.builtinKey ?? null,
    nodes: definition.nodes.map((node, index) => ({
      order_number: index + 1,
      step_name: node.stepName,
      step_type: node.stepType,
      step_description: node.stepDescription,
      auto_start: node.autoStart,
      required_human_approval: node.requiredHumanApproval,
      number_of_approvals_needed: node.numberOfApprovalsNeeded,
      approvers: node.approvers,
      delay_in_seconds: node.delayInSeconds,
      max_retries: node.maxRetries,
      timeout_seconds: node.timeoutSeconds,
      config: node.config,
      io_schema: node.ioSchema,
    })),
    bindings: definition.bindings.map((binding) => ({
      source_order: orderOf.get(binding.source) ?? null,
      source_key: binding.sourceKey,
      target_order: orderOf.get(binding.target) ?? null,
      target_key: binding.targetKey,
      binding_type: binding.bindingType ?? "direct",
    })),
    channels: definition.channels.map((c) => ({
      channel: c.channel,
      enabled: c.enabled,
      priority: c.priority,
    })),
  };
}

/**
 * Structural mistakes a definition can have that the database would not catch: duplicate keys,
 * bindings to unknown nodes or undeclared fields, bindings that point backwards. Empty when sound.
 */
export function definitionProblems(definition: WorkflowDefinition): string[] {
  const problems: string[] = [];
  const position = new Map<string, number>();
  definition.nodes.forEach((node, index) => {
    if (position.has(node.key)) problems.push(`duplicate node key "${node.key}"`);
    position.set(node.key, index);
  });
  const byKey = new Map(definition.nodes.map((node) => [node.key, node]));
  const targets = new Set<string>();
  for (const b of definition.bindings) {
    const source = byKey.get(b.source);
    const target = byKey.get(b.target);
    if (!source || !target) {
      problems.push(`binding ${b.source}.${b.sourceKey} -> ${b.target}.${b.targetKey} names an unknown node`);
      continue;
    }
    if ((position.get(b.source) ?? 0) >= (position.get(b.target) ?? 0)) {
      problems.push(`binding ${b.source} -> ${b.target} does not point to a later node`);
    }
    const sourceField = b.sourceKey.split(".")[0];
    if (!source.ioSchema.outputs.some((f) => f.name === sourceField)) {
      problems.push(`binding source ${b.source}.${b.sourceKey} is not a declared output`);
    }
    if (!target.ioSchema.inputs.some((f) => f.name === b.targetKey)) {
      problems.push(`binding target ${b.target}.${b.targetKey} is not a declared input`);
    }
    const targetId = `${b.target}.${b.targetKey}`;
    if (targets.has(targetId)) problems.push(`input ${targetId} is bound twice`);
    targets.add(targetId);
  }
  return problems;
}
