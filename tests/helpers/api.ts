import { encode } from "next-auth/jwt";
import type { DbHandle } from "@/db/client";
import type { UserRole } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { createToken } from "@/lib/auth/tokens";
import { authSecret } from "@/lib/auth/secret";
import { makeOrganization, makeUser, type Organization } from "./factories";

const DB_KEY = Symbol.for("runledger.db");

/**
 * Route handlers use the process-wide database (getDb()); point it at a test
 * database. Each vitest file runs in its own process, so this is per file.
 */
export function useTestDb(handle: DbHandle) {
  (globalThis as Record<symbol, unknown>)[DB_KEY] = handle;
}

export type Caller = {
  userId: string;
  orgId: string;
  role: UserRole;
  email: string;
  token: string;
  cookie: string;
};

/** A user with a role in an org, plus a Bearer token and a session cookie for them. */
export async function makeCaller(handle: DbHandle, org: Organization, role: UserRole): Promise<Caller> {
  return withTenant(handle.db, org.id, async (tx) => {
    const user = await makeUser(tx, { orgId: org.id, role });
    const { token } = await createToken(tx, { orgId: org.id, userId: user.id, name: `${role} test token` });
    const jwt = await encode({
      token: { uid: user.id, orgId: org.id, role, email: user.email, name: user.name },
      secret: authSecret(),
    });
    return {
      userId: user.id,
      orgId: org.id,
      role,
      email: user.email,
      token,
      cookie: `next-auth.session-token=${jwt}`,
    };
  });
}

/** An organization with one caller per role. */
export async function makeTenant(handle: DbHandle) {
  const org = await makeOrganization(handle.db);
  const callers = {} as Record<UserRole, Caller>;
  for (const role of ["admin", "manager", "recruiter", "analyst"] as const)
    callers[role] = await makeCaller(handle, org, role);
  return { org, ...callers };
}

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export type CallOptions = {
  as?: Caller | null;
  /** Authenticate with the session cookie instead of the Bearer token. */
  viaCookie?: boolean;
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Raw body (sent as is). */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  path?: string;
};

export const TEST_ORIGIN = "http://runledger.test";

/** Calls a route handler the way Next.js would, and returns the status, headers and parsed body. */
export async function call(handler: Handler, method: string, options: CallOptions = {}) {
  const url = new URL(options.path ?? "/api/test", TEST_ORIGIN);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  const headers = new Headers({ host: url.host, ...options.headers });
  if (options.as) {
    if (options.viaCookie) {
      headers.set("cookie", options.as.cookie);
      if (!headers.has("origin")) headers.set("origin", TEST_ORIGIN);
    } else headers.set("authorization", `Bearer ${options.as.token}`);
  }
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    headers: res.headers,
    body: json as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } },
    text,
  };
}
