import { z } from "zod";
import { isDriverConnectionFault } from "@/db/driver-faults";
import { IllegalTransition, LostRace } from "@/lib/engine/apply";
import { EngineError } from "@/lib/engine/runs";

export const errorCodes = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** The one error type of the API; always rendered as {"error": {code, message, details?}}. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

export function errorResponse(error: ApiError): Response {
  const body: { code: string; message: string; details?: unknown } = {
    code: error.code,
    message: error.message,
  };
  if (error.details !== undefined) body.details = error.details;
  return Response.json({ error: body }, { status: error.status, headers: error.headers });
}

/** zod issues as a stable, client-readable list: where and what. */
export function validationError(where: "body" | "query" | "params", error: z.ZodError): ApiError {
  return new ApiError(
    "validation_error",
    `Invalid ${where}`,
    error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message })),
  );
}

/** Domain errors carry a code; map it here so handlers can just throw them. */
const domainStatus: Record<string, ErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  conflict: "conflict",
  unprocessable: "unprocessable",
};

/** Anything unexpected becomes a 500 that leaks nothing; the cause goes to the server log. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError("body", error);
  if (error instanceof IllegalTransition) {
    return new ApiError("illegal_transition", error.message, {
      entity: error.entity,
      from: error.from,
      event: error.event,
    });
  }
  if (error instanceof LostRace) {
    return new ApiError("conflict", "The resource changed while this request ran; reload and try again");
  }
  if (error instanceof EngineError) {
    const code = domainStatus[error.code];
    if (code) return new ApiError(code, error.message, error.details);
  }
  // the database cannot be reached (down, failing over, refusing connections): the client may retry
  if (isDriverConnectionFault(error)) {
    console.error("[api] database unavailable", error);
    return new ApiError("unavailable", "The database is unavailable; try again shortly", undefined, {
      "retry-after": "5",
    });
  }
  // a path or query segment that is not valid percent-encoding (`/api/jobs/%FF`)
  if (error instanceof URIError) return new ApiError("bad_request", "The URL is not valid percent-encoding");
  const pg = postgresError(error);
  if (pg === "23505") return new ApiError("conflict", "A record with these values already exists");
  // runledger_search.runs_matching (0013): a history search term found in too many runs
  if (pg === "RL001") {
    return new ApiError(
      "unprocessable",
      `The search matches more than ${SEARCH_MATCH_CAP.toLocaleString("en")} runs: use more words or filters`,
    );
  }
  if (pg === "22021" || pg === "22P05" || pg === "54000") {
    return new ApiError(
      "bad_request",
      "The request contains text the database cannot store (e.g. a NUL character)",
    );
  }
  console.error("[api] unhandled error", error);
  return new ApiError("internal", "Internal server error");
}

/** runledger_search.runs_matching answers from at most this many matching runs (migration 0013). */
export const SEARCH_MATCH_CAP = 100_000;

/** The SQLSTATE of a database error from either driver (also when Drizzle wraps it as `cause`). */
function postgresError(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
