import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, notInArray, type SQL, sql } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import {
  type Channel,
  users,
  type Workflow,
  type WorkflowChannelConfig,
  workflowChannelConfigs,
  workflowDataBindings,
  workflowNodes,
  workflowRuns,
  workflows,
  workflowVersions,
} from "@/db/schema";
import { definitionSnapshot, type WorkflowDefinition } from "@/lib/workflows/definitions";
import { containsPattern, isUuid } from "./paging";

// Workflow definitions (the seeds' recruitment processes) as the API reads and replaces them.
//
// Decisions:
// - Replacing a definition keeps node ids by position: the node at position i of the new definition
//   updates the row that was at position i. Steps of runs in flight point at their node by id (the
//   worker resolves data bindings through it), so updated nodes keep those runs working; only nodes
//   beyond the new length are deleted (their steps' node_id becomes NULL by the foreign key).
// - Bindings are rewritten wholesale; they reference nodes by id and have no history of their own
//   (the version snapshot has them).
// - Channel settings in a replacement are optional: listed channels are upserted (enabled, priority),
//   unlisted ones are disabled, and webhook URLs and secrets are never touched here.

export type WorkflowListFilter = { orgId: string; q?: string; includeDeleted?: boolean };

function workflowWhere(f: WorkflowListFilter): SQL {
  const parts: SQL[] = [eq(workflows.orgId, f.orgId)];
  if (!f.includeDeleted) parts.push(eq(workflows.isDeleted, false));
  if (f.q) parts.push(ilike(workflows.name, containsPattern(f.q)));
  return and(...parts)!;
}

/** Workflows by name with their node counts. */
export async function listWorkflowPage(
  q: Queryable,
  filter: WorkflowListFilter,
  page: { limit: number; skip: number },
) {
  const where = workflowWhere(filter);
  const nodeCounts = q
    .select({ workflowId: workflowNodes.workflowId, n: count().as("n") })
    .from(workflowNodes)
    .where(eq(workflowNodes.orgId, filter.orgId))
    .groupBy(workflowNodes.workflowId)
    .as("node_counts");
  const rows = await q
    .select({ workflow: workflows, nodeCount: sql<number>`coalesce(${nodeCounts.n}, 0)::int` })
    .from(workflows)
    .leftJoin(nodeCounts, eq(nodeCounts.workflowId, workflows.id))
    .where(where)
    .orderBy(asc(workflows.name), asc(workflows.id))
    .limit(page.limit)
    .offset(page.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(workflows)
    .where(where);
  return { rows: rows.map((r) => ({ ...r.workflow, nodeCount: r.nodeCount })), total };
}

/** A workflow inside the tenant, deleted or not; null when absent, foreign or not a uuid. */
export async function findWorkflow(
  q: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Workflow | null> {
  if (!isUuid(id)) return null;
  const query = q
    .select()
    .from(workflows)
    .where(and(eq(workflows.orgId, orgId), eq(workflows.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function workflowNodesOf(q: Queryable, orgId: string, workflowId: string) {
  return q
    .select()
    .from(workflowNodes)
    .where(and(eq(workflowNodes.orgId, orgId), eq(workflowNodes.workflowId, workflowId)))
    .orderBy(asc(workflowNodes.orderNumber), asc(workflowNodes.createdAt), asc(workflowNodes.id));
}

export async function workflowChannelsOf(q: Queryable, orgId: string, workflowId: string) {
  return q
    .select()
    .from(workflowChannelConfigs)
    .where(and(eq(workflowChannelConfigs.orgId, orgId), eq(workflowChannelConfigs.workflowId, workflowId)))
    .orderBy(desc(workflowChannelConfigs.priority), asc(workflowChannelConfigs.channel));
}

export async function workflowVersionsOf(q: Queryable, orgId: string, workflowId: string) {
  return q
    .select({
      version: workflowVersions.version,
      createdBy: workflowVersions.createdBy,
      createdAt: workflowVersions.createdAt,
    })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.orgId, orgId), eq(workflowVersions.workflowId, workflowId)))
    .orderBy(desc(workflowVersions.version));
}

export async function findWorkflowVersion(q: Queryable, orgId: string, workflowId: string, version: number) {
  const [row] = await q
    .select()
    .from(workflowVersions)
    .where(
      and(
        eq(workflowVersions.orgId, orgId),
        eq(workflowVersions.workflowId, workflowId),
        eq(workflowVersions.version, version),
      ),
    );
  return row ?? null;
}

/** A workflow with its nodes in order, bindings, channels and version list. */
export async function workflowDetail(q: Queryable, workflow: Workflow) {
  const nodes = await workflowNodesOf(q, workflow.orgId, workflow.id);
  const bindings = await q
    .select()
    .from(workflowDataBindings)
    .where(
      and(eq(workflowDataBindings.orgId, workflow.orgId), eq(workflowDataBindings.workflowId, workflow.id)),
    )
    .orderBy(asc(workflowDataBindings.createdAt), asc(workflowDataBindings.id));
  const channels = await workflowChannelsOf(q, workflow.orgId, workflow.id);
  const versions = await workflowVersionsOf(q, workflow.orgId, workflow.id);
  return { workflow, nodes, bindings, channels, versions };
}

export type ApproverProblem = { userId: string; problem: "unknown" | "inactive" | "cannot_approve" };

/**
 * Approver ids that are not active users of the organization allowed to approve (analysts are not).
 * Looked up inside the tenant, so another organization's user is simply unknown.
 */
export async function approverProblems(
  q: Queryable,
  orgId: string,
  ids: string[],
): Promise<ApproverProblem[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await q
    .select({ id: users.id, role: users.role, isActive: users.isActive })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, unique)));
  const byId = new Map(found.map((u) => [u.id, u]));
  const problems: ApproverProblem[] = [];
  for (const id of unique) {
    const user = byId.get(id);
    if (!user) problems.push({ userId: id, problem: "unknown" });
    else if (!user.isActive) problems.push({ userId: id, problem: "inactive" });
    else if (user.role === "analyst") problems.push({ userId: id, problem: "cannot_approve" });
  }
  return problems;
}

/**
 * Replaces the definition of a (locked, live) workflow: nodes, bindings, optionally channel settings,
 * version + 1 and the snapshot of the new version — in the caller's transaction.
 */
export async function replaceWorkflowDefinition(
  tx: Tx,
  workflow: Workflow,
  definition: WorkflowDefinition,
  options: { channels: boolean; userId: string },
): Promise<{ version: number; removedNodes: number }> {
  const orgId = workflow.orgId;
  const existing = await workflowNodesOf(tx, orgId, workflow.id);
  await tx
    .delete(workflowDataBindings)
    .where(and(eq(workflowDataBindings.orgId, orgId), eq(workflowDataBindings.workflowId, workflow.id)));

  const nodeIds: Record<string, string> = {};
  const fresh: (typeof workflowNodes.$inferInsert)[] = [];
  for (const [index, node] of definition.nodes.entries()) {
    const values = {
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
    };
    const reuse = existing[index];
    if (reuse) {
      nodeIds[node.key] = reuse.id;
      await tx
        .update(workflowNodes)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(workflowNodes.orgId, orgId), eq(workflowNodes.id, reuse.id)));
    } else {
      const id = randomUUID();
      nodeIds[node.key] = id;
      fresh.push({ id, orgId, workflowId: workflow.id, ...values });
    }
  }
  const removed = existing.slice(definition.nodes.length).map((n) => n.id);
  if (removed.length) {
    await tx
      .delete(workflowNodes)
      .where(and(eq(workflowNodes.orgId, orgId), inArray(workflowNodes.id, removed)));
  }
  if (fresh.length) await tx.insert(workflowNodes).values(fresh);
  if (definition.bindings.length) {
    await tx.insert(workflowDataBindings).values(
      definition.bindings.map((b) => ({
        orgId,
        workflowId: workflow.id,
        sourceNodeId: nodeIds[b.source]!,
        sourceKey: b.sourceKey,
        targetNodeId: nodeIds[b.target]!,
        targetKey: b.targetKey,
        bindingType: b.bindingType ?? "direct",
      })),
    );
  }

  if (options.channels) await setWorkflowChannels(tx, orgId, workflow.id, definition.channels);
  const channelRows = await workflowChannelsOf(tx, orgId, workflow.id);
  const version = workflow.version + 1;
  await tx
    .update(workflows)
    .set({ name: definition.name, description: definition.description, version, updatedAt: sql`now()` })
    .where(and(eq(workflows.orgId, orgId), eq(workflows.id, workflow.id)));
  const snapshot = definitionSnapshot({
    ...definition,
    channels: channelRows.map((c) => ({ channel: c.channel, enabled: c.enabled, priority: c.priority })),
  });
  await tx
    .insert(workflowVersions)
    .values({ orgId, workflowId: workflow.id, version, definition: snapshot, createdBy: options.userId });
  return { version, removedNodes: removed.length };
}

/** Listed channels upserted (enabled, priority); unlisted ones disabled. Webhooks are left alone. */
async function setWorkflowChannels(
  tx: Tx,
  orgId: string,
  workflowId: string,
  channels: { channel: Channel; enabled: boolean; priority: number }[],
) {
  for (const c of channels) {
    await tx
      .insert(workflowChannelConfigs)
      .values({ orgId, workflowId, channel: c.channel, enabled: c.enabled, priority: c.priority })
      .onConflictDoUpdate({
        target: [workflowChannelConfigs.workflowId, workflowChannelConfigs.channel],
        set: { enabled: c.enabled, priority: c.priority, updatedAt: sql`now()` },
      });
  }
  const listed = channels.map((c) => c.channel);
  await tx
    .update(workflowChannelConfigs)
    .set({ enabled: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(workflowChannelConfigs.orgId, orgId),
        eq(workflowChannelConfigs.workflowId, workflowId),
        eq(workflowChannelConfigs.enabled, true),
        listed.length ? notInArray(workflowChannelConfigs.channel, listed) : undefined,
      ),
    );
}

export async function findWorkflowChannel(
  q: Queryable,
  orgId: string,
  workflowId: string,
  channel: Channel,
): Promise<WorkflowChannelConfig | null> {
  const [row] = await q
    .select()
    .from(workflowChannelConfigs)
    .where(
      and(
        eq(workflowChannelConfigs.orgId, orgId),
        eq(workflowChannelConfigs.workflowId, workflowId),
        eq(workflowChannelConfigs.channel, channel),
      ),
    )
    .for("update");
  return row ?? null;
}

export type WorkflowChannelValues = {
  enabled: boolean;
  priority: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
};

export async function upsertWorkflowChannel(
  tx: Tx,
  orgId: string,
  workflowId: string,
  channel: Channel,
  values: WorkflowChannelValues,
): Promise<WorkflowChannelConfig> {
  const [row] = await tx
    .insert(workflowChannelConfigs)
    .values({ orgId, workflowId, channel, ...values })
    .onConflictDoUpdate({
      target: [workflowChannelConfigs.workflowId, workflowChannelConfigs.channel],
      set: { ...values, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

/** Runs of the workflow that have not finished yet (told to the caller of a replacement). */
export async function unfinishedRunCount(q: Queryable, orgId: string, workflowId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(
      and(
        eq(workflowRuns.orgId, orgId),
        eq(workflowRuns.workflowId, workflowId),
        inArray(workflowRuns.status, ["pending", "active", "waiting"]),
      ),
    );
  return row?.n ?? 0;
}
