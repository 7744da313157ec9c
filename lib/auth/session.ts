import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import type { UserRole } from "@/db/schema/enums";
import { authOptions } from "./options";
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
};

export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  const u = session?.user;
  if (!u?.id || !u.orgId || !u.role) return null;
  return {
    kind: "session",
    userId: u.id,
    orgId: u.orgId,
    role: u.role,
    email: u.email,
    name: u.name,
    tokenId: null,
  };
}

/** Bearer token first (scripts and executors), then the session cookie. */
export async function requestPrincipal(req: Request): Promise<Principal | null | "bad_token"> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return "bad_token";
    const p = await authenticateToken(getDb().db, match[1]);
    if (!p) return "bad_token";
    return { kind: "token", ...p, tokenId: p.tokenId };
  }
  return sessionPrincipal();
}

/** For server components: the signed-in user, or a redirect to the login page. */
export async function requireUser(permission?: Permission): Promise<Principal> {
  const p = await sessionPrincipal();
  if (!p) redirect("/login");
  if (permission && !can(p.role, permission)) redirect("/forbidden");
  return p;
}
