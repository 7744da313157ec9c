import { withApi } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { allowedPermissions, allows, type Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/session";
import { createToken, listTokens } from "@/lib/auth/tokens";
import { createTokenBody, listTokensQuery } from "./schema";

const present = (t: Awaited<ReturnType<typeof listTokens>>[number]) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  user_id: t.userId,
  scopes: t.scopes,
  last_used_at: t.lastUsedAt,
  expires_at: t.expiresAt,
  revoked_at: t.revokedAt,
  created_at: t.createdAt,
});

/** Your tokens; admins may list the whole organization's with ?all=true. */
export const GET = withApi(
  { permission: "tokens:manage_own", query: listTokensQuery },
  async ({ principal, query, tenant }) => {
    const all = query.all === "true" && allows(principal, "tokens:manage_all");
    const tokens = await tenant((tx) =>
      listTokens(tx, { orgId: principal.orgId, userId: all ? undefined : principal.userId }),
    );
    return { tokens: tokens.map(present) };
  },
);

/**
 * The scopes a new token gets: what was asked for, each one the caller has (a token can never grant
 * more than its creator); a token that mints without naming scopes passes on exactly its own.
 */
function grantedScopes(principal: Principal, asked: Permission[] | undefined): Permission[] {
  const held = allowedPermissions(principal);
  if (!asked || asked.length === 0) return principal.kind === "token" ? held : [];
  const beyond = [...new Set(asked)].filter((s) => !held.includes(s));
  if (beyond.length) {
    throw new ApiError("forbidden", `A token cannot grant more than its creator has: ${beyond.join(", ")}`, {
      scopes: beyond,
    });
  }
  return [...new Set(asked)];
}

/** Creates a token for the caller. The token is in this response only; just its hash is stored. */
export const POST = withApi(
  { permission: "tokens:manage_own", body: createTokenBody },
  async ({ principal, body, tenant, audit }) => {
    const scopes = grantedScopes(principal, body.scopes);
    const created = await tenant(async (tx) => {
      const token = await createToken(tx, {
        orgId: principal.orgId,
        userId: principal.userId,
        name: body.name,
        scopes,
        expiresAt: body.expires_in_days ? new Date(Date.now() + body.expires_in_days * 86_400_000) : null,
      });
      await audit(tx, {
        action: "api_token.create",
        resourceType: "api_token",
        resourceId: token.id,
        details: { name: token.name, prefix: token.prefix, scopes },
      });
      return token;
    });
    return Response.json(
      {
        id: created.id,
        name: created.name,
        prefix: created.prefix,
        scopes,
        token: created.token,
        created_at: created.createdAt,
        expires_at: created.expiresAt,
      },
      { status: 201 },
    );
  },
);
