import "server-only";
import type { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { type AuditEntry, audit, requestMeta } from "@/lib/audit";
import { allows, can, type Permission } from "@/lib/auth/permissions";
import { type Principal, requestPrincipal } from "@/lib/auth/session";
import { readTextLimited } from "./body";
import { ApiError, errorResponse, toApiError, validationError } from "./errors";
import { type StoredResponse, withIdempotency } from "./idempotency";
import { clientIp, limiters } from "./rate-limit";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const DEFAULT_BODY_LIMIT = 1024 * 1024; // 1 MiB of JSON

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiContext<Q, B, P> = {
  req: Request;
  principal: Principal;
  query: Q;
  body: B;
  params: P;
  /** Runs fn in the caller's tenant (one transaction, RLS on). */
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Writes an audit entry for the caller inside tx. */
  audit: (tx: Tx, entry: AuditEntry) => Promise<void>;
};

export type ApiOptions<QS, BS, PS> = {
  permission?: Permission;
  /** Creates: honour an Idempotency-Key header (same key and body → the stored response). */
  idempotent?: boolean;
  query?: QS;
  body?: BS;
  params?: PS;
  bodyLimit?: number;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * Every API route goes through here: authentication (Bearer token or session
 * cookie), permission, same-origin check for cookie mutations, zod parsing of
 * params, query and body (unknown fields rejected by strict schemas), and one
 * error shape. The proxy only redirects pages; security lives here.
 */
export function withApi<
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
  PS extends Schema | undefined = undefined,
>(
  options: ApiOptions<QS, BS, PS>,
  handler: (ctx: ApiContext<Out<QS>, Out<BS>, Out<PS>>) => Promise<Response | object>,
) {
  return async (req: Request, route?: RouteContext): Promise<Response> => {
    try {
      const principal = await requestPrincipal(req);
      if (principal === "bad_token") {
        // token guessing: an address that keeps presenting bad tokens is slowed down; a valid token
        // is never refused here, whoever shares the address
        const wait = limiters().badToken.hit(clientIp(req.headers));
        if (wait) {
          throw new ApiError("rate_limited", "Too many failed token attempts; try again later", undefined, {
            "retry-after": String(wait),
          });
        }
        throw new ApiError("unauthorized", "Invalid or revoked API token");
      }
      if (!principal) throw new ApiError("unauthorized", "Authentication required");
      if (principal.kind === "session" && MUTATING.has(req.method)) assertSameOrigin(req);
      if (options.permission && !allows(principal, options.permission)) {
        throw new ApiError(
          "forbidden",
          can(principal.role, options.permission)
            ? `This API token's scopes do not include ${options.permission}`
            : `Your role (${principal.role}) may not do this`,
        );
      }
      const params = await parsePart("params", options.params, route ? await route.params : {});
      const query = await parsePart("query", options.query, searchParamsObject(new URL(req.url)));
      const raw = options.body ? await readBodyText(req, options.bodyLimit) : "";
      const body = options.body ? await parsePart("body", options.body, parseJson(raw)) : undefined;
      const db = getDb().db;
      const meta = requestMeta(req.headers);
      const ctx: ApiContext<Out<QS>, Out<BS>, Out<PS>> = {
        req,
        principal,
        query: query as Out<QS>,
        body: body as Out<BS>,
        params: params as Out<PS>,
        tenant: (fn) => withTenant(db, principal.orgId, fn),
        audit: (tx, entry) =>
          audit(
            tx,
            { orgId: principal.orgId, userId: principal.userId, apiTokenId: principal.tokenId, ...meta },
            entry,
          ),
      };
      const key = options.idempotent ? req.headers.get("idempotency-key") : null;
      if (key) {
        const url = new URL(req.url);
        const stored = await withIdempotency(
          db,
          {
            orgId: principal.orgId,
            principal: principal.tokenId ?? principal.userId,
            key,
            method: req.method,
            path: url.pathname,
            body: raw,
          },
          async () => toStored(await handler(ctx)),
        );
        return Response.json(stored.body, {
          status: stored.status,
          headers: stored.replayed ? { "idempotent-replayed": "true" } : {},
        });
      }
      const result = await handler(ctx);
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(toApiError(error));
    }
  };
}

async function parsePart(where: "body" | "query" | "params", schema: Schema | undefined, value: unknown) {
  if (!schema) return undefined;
  const result = await schema.safeParseAsync(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}

/** Repeated keys become arrays; single keys stay strings. */
function searchParamsObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return out;
}

async function readBodyText(req: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  // A POST with no body at all (e.g. `curl -X POST`) is an empty object; the schema decides if that is enough.
  if (!type && (req.body === null || req.headers.get("content-length") === "0")) return "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json");
  }
  return readTextLimited(req, limit);
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Body is not valid JSON");
  }
}

/** A handler's result as a status and JSON body, for storing under an Idempotency-Key. */
async function toStored(result: Response | object): Promise<StoredResponse> {
  if (!(result instanceof Response)) return { status: 200, body: result };
  const text = await result.text();
  return { status: result.status, body: text ? JSON.parse(text) : null };
}

/** The body as text, stopping at the limit whatever Content-Length claimed. */
export const readLimited = readTextLimited;

/**
 * Cookie-authenticated mutations must come from our own pages: a cross-site
 * form or fetch carries the cookie but not our Origin.
 */
function assertSameOrigin(req: Request) {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host) throw new ApiError("forbidden", "Cross-origin request refused");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError("forbidden", "Cross-origin request refused");
  }
  if (originHost !== host) throw new ApiError("forbidden", "Cross-origin request refused");
}
