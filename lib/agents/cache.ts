import "server-only";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { cacheState } from "@/db/schema";

const TTL_MS = 30 * 86_400_000;

/** An agent's memo of a parse, keyed by the content hash of what it read (seed 004 cache_state). */
export async function cacheGet<T extends object>(
  tx: Queryable,
  orgId: string,
  agent: string,
  hash: string,
): Promise<T | null> {
  const [row] = await tx
    .update(cacheState)
    .set({ hits: sql`${cacheState.hits} + 1` })
    .where(
      and(
        eq(cacheState.orgId, orgId),
        eq(cacheState.agent, agent),
        eq(cacheState.contentHash, hash),
        or(isNull(cacheState.expiresAt), gt(cacheState.expiresAt, sql`now()`)),
      ),
    )
    .returning({ value: cacheState.value });
  return (row?.value as T | undefined) ?? null;
}

export async function cachePut(tx: Queryable, orgId: string, agent: string, hash: string, value: object) {
  const expiresAt = new Date(Date.now() + TTL_MS);
  await tx
    .insert(cacheState)
    .values({ orgId, agent, contentHash: hash, value, expiresAt })
    .onConflictDoUpdate({
      target: [cacheState.orgId, cacheState.agent, cacheState.contentHash],
      set: { value, expiresAt, updatedAt: new Date() },
    });
}
