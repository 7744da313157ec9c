import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  workflowChannelConfigs,
  workflowDataBindings,
  workflowNodes,
  workflows,
  workflowVersions,
} from "@/db/schema";
import { type AuditActor, audit } from "@/lib/audit";
import { definitionProblems, definitionSnapshot, type WorkflowDefinition } from "./definitions";

export type CreatedWorkflow = {
  workflowId: string;
  /** False when a built-in workflow with this key already existed (nothing was written). */
  created: boolean;
  /** Node ids by the definition's node keys (empty when nothing was created). */
  nodeIds: Record<string, string>;
};

export class WorkflowDefinitionError extends Error {}

/**
 * Writes a workflow definition as rows: the workflow, its nodes in order, the bindings between them,
 * the version-1 snapshot and the channel settings, with one audit entry — all in the caller's
 * transaction. A built-in definition is inserted with ON CONFLICT DO NOTHING on (org_id, builtin_key),
 * so two concurrent provisioners of one organization end with one copy and neither fails.
 */
export async function insertWorkflowDefinition(
  tx: Tx,
  orgId: string,
  definition: WorkflowDefinition,
  options: {
    createdBy?: string | null;
    /** Who asked, for the audit entry (token, address, agent); defaults to `createdBy`. */
    actor?: Omit<AuditActor, "orgId">;
  } = {},
): Promise<CreatedWorkflow> {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw new WorkflowDefinitionError(`workflow "${definition.name}" is not sound: ${problems.join("; ")}`);
  }
  const createdBy = options.createdBy ?? null;
  const values = {
    orgId,
    name: definition.name,
    description: definition.description,
    builtinKey: definition.builtinKey ?? null,
    status: "active" as const,
    version: 1,
    createdBy,
  };
  const inserted = definition.builtinKey
    ? await tx
        .insert(workflows)
        .values(values)
        .onConflictDoNothing({ target: [workflows.orgId, workflows.builtinKey] })
        .returning({ id: workflows.id })
    : await tx.insert(workflows).values(values).returning({ id: workflows.id });

  const workflowId = inserted[0]?.id;
  if (!workflowId) {
    const [existing] = await tx
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.orgId, orgId), eq(workflows.builtinKey, definition.builtinKey ?? "")));
    if (!existing) throw new Error(`built-in workflow ${definition.builtinKey} vanished while being created`);
    return { workflowId: existing.id, created: false, nodeIds: {} };
  }

  // Node ids are chosen here so bindings can be written in the same round trip as the nodes.
  const nodeIds: Record<string, string> = Object.fromEntries(
    definition.nodes.map((n) => [n.key, randomUUID()]),
  );
  await tx.insert(workflowNodes).values(
    definition.nodes.map((node, index) => ({
      id: nodeIds[node.key]!,
      orgId,
      workflowId,
      orderNumber: index + 1,
      stepName: node.stepName,
      stepType: node.stepType,
      stepDescription: node.stepDescription,
      autoStart: node.autoStart,
      requiredHumanApproval: node.requiredHumanApproval,
      numberOfApprovalsNeeded: node.numberOfApprovalsNeeded,
      approvers: node.approvers,
      delayInSeconds: node.delayInSeconds,
      maxRetries: node.maxRetries,
      timeoutSeconds: node.timeoutSeconds,
      config: node.config,
      ioSchema: node.ioSchema,
    })),
  );
  if (definition.bindings.length > 0) {
    await tx.insert(workflowDataBindings).values(
      definition.bindings.map((b) => ({
        orgId,
        workflowId,
        sourceNodeId: nodeIds[b.source]!,
        sourceKey: b.sourceKey,
        targetNodeId: nodeIds[b.target]!,
        targetKey: b.targetKey,
        bindingType: b.bindingType ?? "direct",
      })),
    );
  }
  await tx
    .insert(workflowVersions)
    .values({ orgId, workflowId, version: 1, definition: definitionSnapshot(definition), createdBy });
  if (definition.channels.length > 0) {
    await tx.insert(workflowChannelConfigs).values(
      definition.channels.map((c) => ({
        orgId,
        workflowId,
        channel: c.channel,
        enabled: c.enabled,
        priority: c.priority,
      })),
    );
  }
  await audit(
    tx,
    { userId: createdBy, ...options.actor, orgId },
    {
      action: "workflow.create",
      resourceType: "workflow",
      resourceId: workflowId,
      details: {
        name: definition.name,
        builtin_key: definition.builtinKey ?? null,
        nodes: definition.nodes.length,
        version: 1,
      },
    },
  );
  return { workflowId, created: true, nodeIds };
}

/** Nodes of a workflow in execution order (for copying onto run steps). */
export async function workflowNodesInOrder(tx: Tx, orgId: string, workflowId: string) {
  return tx
    .select()
    .from(workflowNodes)
    .where(and(eq(workflowNodes.orgId, orgId), eq(workflowNodes.workflowId, workflowId)))
    .orderBy(sql`${workflowNodes.orderNumber} asc`);
}
