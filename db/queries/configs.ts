import "server-only";
import { and, asc, desc, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { type Queryable, rows, type Tx } from "@/db/client";
import { type ChannelConfig, channelConfigs, type WorkflowConfig, workflowConfigs } from "@/db/schema";
import type { Channel, ConfigScope } from "@/db/schema/enums";
import { isUuid } from "./paging";

// Versioned configurations (seed 002 workflow_configs): one version sequence and at most one active
// version per scope (global; channel X; workflow W).
//
// Decisions:
// - New versions are numbered max + 1 under a transaction-scoped advisory lock of the scope, so two
//   concurrent creates get 1 and 2 rather than one unique violation.
// - Activation takes a *try* lock of the scope: while one activation of a scope is in progress another
//   fails fast (the caller's 409) instead of queueing behind it and silently overriding it. Inside the
//   lock the previous active version is deactivated before the new one is activated, so the partial
//   unique index (one active per scope) is never violated; it stays the last line of defence.

export type ConfigScopeKey = { scope: ConfigScope; workflowId: string | null; channel: Channel | null };

const scopeKey = (orgId: string, s: ConfigScopeKey) =>
  `${orgId}:${s.scope}:${s.workflowId ?? ""}:${s.channel ?? ""}`;

function sameScope(s: ConfigScopeKey): SQL {
  return and(
    eq(workflowConfigs.scope, s.scope),
    s.workflowId ? eq(workflowConfigs.workflowId, s.workflowId) : isNull(workflowConfigs.workflowId),
    s.channel ? eq(workflowConfigs.channel, s.channel) : isNull(workflowConfigs.channel),
  )!;
}

export type ConfigListFilter = {
  orgId: string;
  scope?: ConfigScope;
  workflowId?: string;
  channel?: Channel;
  active?: boolean;
};

/** Configuration versions, newest first. */
export async function listConfigs(q: Queryable, f: ConfigListFilter, page: { limit: number; skip: number }) {
  const parts: SQL[] = [eq(workflowConfigs.orgId, f.orgId)];
  if (f.scope) parts.push(eq(workflowConfigs.scope, f.scope));
  if (f.workflowId) parts.push(eq(workflowConfigs.workflowId, f.workflowId));
  if (f.channel) parts.push(eq(workflowConfigs.channel, f.channel));
  if (f.active !== undefined) parts.push(eq(workflowConfigs.isActive, f.active));
  const where = and(...parts);
  const list = await q
    .select()
    .from(workflowConfigs)
    .where(where)
    .orderBy(desc(workflowConfigs.createdAt), desc(workflowConfigs.version), asc(workflowConfigs.id))
    .limit(page.limit)
    .offset(page.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(workflowConfigs)
    .where(where);
  return { rows: list, total };
}

export async function findConfig(
  q: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<WorkflowConfig | null> {
  if (!isUuid(id)) return null;
  const query = q
    .select()
    .from(workflowConfigs)
    .where(and(eq(workflowConfigs.orgId, orgId), eq(workflowConfigs.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/** A new, inactive version of a scope's configuration. */
export async function createConfigVersion(
  tx: Tx,
  orgId: string,
  createdBy: string,
  scope: ConfigScopeKey,
  config: Record<string, unknown>,
): Promise<WorkflowConfig> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`cfgver:${scopeKey(orgId, scope)}`}, 0))`,
  );
  const [{ max } = { max: 0 }] = await tx
    .select({ max: sql<number>`coalesce(max(${workflowConfigs.version}), 0)::int` })
    .from(workflowConfigs)
    .where(and(eq(workflowConfigs.orgId, orgId), sameScope(scope)));
  const [row] = await tx
    .insert(workflowConfigs)
    .values({
      orgId,
      scope: scope.scope,
      workflowId: scope.workflowId,
      channel: scope.channel,
      version: max + 1,
      config,
      isActive: false,
      createdBy,
    })
    .returning();
  return row!;
}

export class ActivationInProgress extends Error {}

/**
 * Makes `configId` the active version of its scope, deactivating the previous one in the same
 * transaction. Throws ActivationInProgress when another activation of the scope holds the lock.
 */
export async function activateConfig(
  tx: Tx,
  orgId: string,
  configId: string,
  userId: string,
): Promise<{ config: WorkflowConfig; previous: WorkflowConfig | null; changed: boolean } | null> {
  const target = await findConfig(tx, orgId, configId);
  if (!target) return null;
  const scope = { scope: target.scope, workflowId: target.workflowId, channel: target.channel };
  const [lock] = await rows<{ ok: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`cfgact:${scopeKey(orgId, scope)}`}, 0)) as ok`,
  );
  if (!lock?.ok)
    throw new ActivationInProgress("Another activation of this configuration scope is in progress");
  // read again under the lock: an activation that just committed is visible now
  const current = await findConfig(tx, orgId, configId, { forUpdate: true });
  if (!current) return null;
  if (current.isActive) return { config: current, previous: null, changed: false };
  const [previous] = await tx
    .update(workflowConfigs)
    .set({ isActive: false })
    .where(
      and(
        eq(workflowConfigs.orgId, orgId),
        sameScope(scope),
        eq(workflowConfigs.isActive, true),
        ne(workflowConfigs.id, configId),
      ),
    )
    .returning();
  const [config] = await tx
    .update(workflowConfigs)
    .set({ isActive: true, activatedBy: userId, activatedAt: sql`now()` })
    .where(and(eq(workflowConfigs.orgId, orgId), eq(workflowConfigs.id, configId)))
    .returning();
  return { config: config!, previous: previous ?? null, changed: true };
}

// ── channel settings ──────────────────────────────────────────────────────────────────────────────

export async function listChannelConfigs(q: Queryable, orgId: string): Promise<ChannelConfig[]> {
  return q
    .select()
    .from(channelConfigs)
    .where(eq(channelConfigs.orgId, orgId))
    .orderBy(asc(channelConfigs.channel));
}

export async function upsertChannelConfig(
  tx: Tx,
  orgId: string,
  channel: Channel,
  values: { config: Record<string, unknown>; isActive: boolean },
): Promise<{ row: ChannelConfig; before: ChannelConfig | null }> {
  const [before] = await tx
    .select()
    .from(channelConfigs)
    .where(and(eq(channelConfigs.orgId, orgId), eq(channelConfigs.channel, channel)))
    .for("update");
  const [row] = await tx
    .insert(channelConfigs)
    .values({ orgId, channel, ...values })
    .onConflictDoUpdate({
      target: [channelConfigs.orgId, channelConfigs.channel],
      set: { ...values, updatedAt: sql`now()` },
    })
    .returning();
  return { row: row!, before: before ?? null };
}
