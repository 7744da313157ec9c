import { z } from "zod";

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

/** Anything unexpected becomes a 500 that leaks nothing; the cause goes to the server log. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError("body", error);
  console.error("[api] unhandled error", error);
  return new ApiError("internal", "Internal server error");
}
