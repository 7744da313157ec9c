import "server-only";
import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { UserRole } from "@/db/schema/enums";
import { currentSessionUser } from "./login";
import { authOptions } from "./options";
import { authSecret } from "./secret";
import { type Permission, can } from "./permissions";
import { authenticateToken } from "./tokens";

/** Who is calling: a signed-in browser (session cookie) or an API token. */
export type Principal = {
  kind: "session" | "token";
  userId: string;
  orgId: string;
  role: UserRole;
  email: string;
  name: string;
  tokenId: string | null;
  /** A token's scopes (empty: everything its role has but token management); null for a session. */
  scopes: readonly string[] | null;
};

/**
 * The signed-in user of a server component, checked against the database (see currentSessionUser).
 * Memoised per server render: the layout and the page both ask, the database is asked once.
 */
export const sessionPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(authOptions({ secure: await requestIsSecure() }));
  const u = session?.user;
  if (!u?.id || !u.orgId || !u.role) return null;
  return principalOf(u.id, u.orgId, u.sv);
});

/** Whether the page request arrived over TLS (see authOptions). */
async function requestIsSecure(): Promise<boolean> {
  return (await headers()).get("x-forwarded-proto") === "https";
}

async function principalOf(
  userId: string,
  orgId: string,
  sessionVersion?: number,
): Promise<Principal | null> {
  const user = await currentSessionUser(getDb().db, userId, orgId, sessionVersion ?? 0);
  if (!user) return null;
  return {
    kind: "session",
    userId: user.id,
    orgId: user.orgId,
    role: user.role,
    email: user.email,
    name: user.name,
    tokenId: null,
    scopes: null,
  };
}

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // a cookie that is not valid percent-encoding is no session (401), never an error (500)
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The session of a request, read from its own cookie header (works in route handlers and in tests). */
export async function requestSession(req: Request): Promise<Principal | null> {
  const cookies = req.headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    const jwt = await decode({ token, secret: authSecret() }).catch(() => null);
    if (!jwt?.uid || !jwt.orgId) return null;
    return principalOf(jwt.uid, jwt.orgId, jwt.sv);
  }
  return null;
}

/** Bearer token first (scripts and executors), then the session cookie. */
export async function requestPrincipal(req: Request): Promise<Principal | null | "bad_token"> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return "bad_token";
    const p = await authenticateToken(getDb().db, match[1]);
    if (!p) return "bad_token";
    return { kind: "token", ...p, tokenId: p.tokenId, scopes: p.scopes };
  }
  return requestSession(req);
}

/** For server components: the signed-in user, or a redirect to the login page. */
export async function requireUser(permission?: Permission): Promise<Principal> {
  const p = await sessionPrincipal();
  if (!p) redirect("/login");
  // forbidden() before any streaming starts answers HTTP 403 (no loading.tsx above a page for that reason).
  if (permission && !can(p.role, permission)) forbidden();
  return p;
}
