import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { apiTokens, organizations, users } from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { asAuth } from "@/db/tenant";

/** Tokens look like `rl_<43 chars>`; only their SHA-256 is stored. */
const TOKEN_PREFIX = "rl_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, 10), hash: hashToken(token) };
}

export type TokenPrincipal = {
  tokenId: string;
  userId: string;
  orgId: string;
  role: UserRole;
  email: string;
  name: string;
  scopes: string[];
};

/**
 * How long this process trusts a token it has resolved without asking the database again. A token
 * revoked, expired, or whose user is deactivated or changes role elsewhere (another web node, SQL)
 * stops working within this window; in the process that revoked it or changed the user, at once.
 */
export const TOKEN_CACHE_MS = 5_000;
/** `api_tokens.last_used_at` is written at most this often per token. */
export const LAST_USED_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;

type Cached = { principal: TokenPrincipal; until: number };
/** Per database handle (tests open several in one process), keyed by token hash. */
const caches = new WeakMap<Database, Map<string, Cached>>();
/** When this process last stamped each token id (a stamp costs a commit: once a minute is enough). */
const stamped = new WeakMap<Database, Map<string, number>>();

function cacheOf<T>(maps: WeakMap<Database, Map<string, T>>, db: Database): Map<string, T> {
  let map = maps.get(db);
  if (!map) {
    map = new Map();
    maps.set(db, map);
  }
  return map;
}

/** Drops cached tokens at once: one token (revoked here), or every token of a user (role, deactivation). */
export function forgetTokens(filter: { tokenId?: string; userId?: string }): void {
  for (const db of allCaches) {
    for (const [hash, entry] of db) {
      if (entry.principal.tokenId === filter.tokenId || entry.principal.userId === filter.userId)
        db.delete(hash);
    }
  }
}
/** The live caches, for forgetTokens (a WeakMap cannot be walked); at most a few per process. */
const allCaches = new Set<Map<string, Cached>>();

/**
 * Resolves a Bearer token to its user. Runs as runledger_auth because the
 * organization is not known yet; revoked or expired tokens and inactive users fail.
 * A resolved token is trusted for TOKEN_CACHE_MS; last_used_at is stamped at most once a minute.
 * `now` is for tests.
 */
export async function authenticateToken(
  db: Database,
  token: string,
  now = Date.now(),
): Promise<TokenPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  const cache = cacheOf(caches, db);
  allCaches.add(cache);
  const hit = cache.get(hash);
  if (hit && hit.until > now) {
    await stampLastUsed(db, hit.principal.tokenId, now);
    return hit.principal;
  }
  cache.delete(hash);
  const principal = await asAuth(db, async (tx) => {
    const [row] = await tx
      .select({
        tokenId: apiTokens.id,
        userId: users.id,
        orgId: users.orgId,
        role: users.role,
        email: users.email,
        name: users.name,
        scopes: apiTokens.scopes,
      })
      .from(apiTokens)
      // the token's organization must be its user's: never let a token cross tenants
      .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.orgId, apiTokens.orgId)))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(
        and(
          eq(apiTokens.tokenHash, hash),
          isNull(apiTokens.revokedAt),
          eq(users.isActive, true),
          sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > now())`,
        ),
      )
      .limit(1);
    return row ?? null;
  });
  if (!principal) return null;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!); // the oldest entry
  cache.set(hash, { principal, until: now + TOKEN_CACHE_MS });
  await stampLastUsed(db, principal.tokenId, now);
  return principal;
}

/**
 * Stamps last_used_at unless this process did so within the last minute; the statement itself skips
 * a token another process stamped within the minute, so across nodes it is written about once a minute.
 */
async function stampLastUsed(db: Database, tokenId: string, now: number): Promise<void> {
  const mine = cacheOf(stamped, db);
  const last = mine.get(tokenId);
  if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
  if (mine.size >= CACHE_MAX) mine.delete(mine.keys().next().value!);
  mine.set(tokenId, now);
  await asAuth(db, (tx) =>
    tx
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          sql`(${apiTokens.lastUsedAt} IS NULL OR ${apiTokens.lastUsedAt} <= now() - ${`${LAST_USED_EVERY_MS} milliseconds`}::interval)`,
        ),
      ),
  );
}

/** Creates a token for a user; the plain token is returned once and never again. */
export async function createToken(
  tx: Queryable,
  input: { orgId: string; userId: string; name: string; scopes?: string[]; expiresAt?: Date | null },
) {
  const { token, prefix, hash } = generateToken();
  const [row] = await tx
    .insert(apiTokens)
    .values({
      orgId: input.orgId,
      userId: input.userId,
      name: input.name,
      prefix,
      tokenHash: hash,
      scopes: input.scopes ?? [],
      expiresAt: input.expiresAt ?? null,
    })
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
    });
  return { ...row!, token };
}

export async function listTokens(tx: Queryable, filter: { orgId: string; userId?: string }) {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      userId: apiTokens.userId,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(
      and(eq(apiTokens.orgId, filter.orgId), filter.userId ? eq(apiTokens.userId, filter.userId) : undefined),
    )
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token; returns false when no such live token is visible to the caller. */
export async function revokeToken(
  tx: Queryable,
  filter: { orgId: string; tokenId: string; userId?: string },
) {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.orgId, filter.orgId),
        eq(apiTokens.id, filter.tokenId),
        isNull(apiTokens.revokedAt),
        filter.userId ? eq(apiTokens.userId, filter.userId) : undefined,
      ),
    )
    .returning({ id: apiTokens.id });
  forgetTokens({ tokenId: filter.tokenId });
  return revoked.length > 0;
}
