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
 * Resolves a Bearer token to its user. Runs as runledger_auth because the
 * organization is not known yet; revoked or expired tokens and inactive users fail.
 */
export async function authenticateToken(db: Database, token: string): Promise<TokenPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  return asAuth(db, async (tx) => {
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
    if (!row) return null;
    await tx.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
    return row;
  });
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
  return revoked.length > 0;
}
