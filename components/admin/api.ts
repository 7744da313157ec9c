// The dashboard's one way to call the HTTP API: same-origin fetch with the session cookie, JSON in and
// out, and the API's error envelope {"error": {code, message, details?}} turned into one error type.

export type ApiIssue = { path: string; message: string };

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Validation issues (400) as "path: message" lines, for forms. */
  get issues(): ApiIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.flatMap((d: unknown) => {
      if (d && typeof d === "object" && "message" in d) {
        const path = "path" in d && typeof d.path === "string" ? d.path : "";
        return [{ path, message: String(d.message) }];
      }
      return [];
    });
  }
}

type Init = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as multipart/form-data (uploads). */
  form?: FormData;
  signal?: AbortSignal;
};

function errorFrom(status: number, body: unknown): ApiRequestError {
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === "object") {
      const code = "code" in e ? String(e.code) : "error";
      const message = "message" in e ? String(e.message) : `Request failed (${status})`;
      return new ApiRequestError(status, code, message, "details" in e ? e.details : undefined);
    }
  }
  return new ApiRequestError(status, "error", `Request failed (${status})`);
}

/** Calls the API; resolves with the parsed JSON body (undefined for 204), rejects with ApiRequestError. */
export async function api<T>(path: string, init: Init = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.form) {
    body = init.form;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      credentials: "same-origin",
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiRequestError(0, "network", "Could not reach the server; check your connection.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) throw errorFrom(res.status, parsed);
  return parsed as T;
}

/** A query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

/** A message for a failed action, with validation issues when the API gave any. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const issues = error.issues;
    if (issues.length > 0)
      return `${error.message}: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong";
}

/** Field errors of a 400 keyed by the body field ("body.title" → "title"). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiRequestError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.replace(/^(body|query|params)\.?/, "");
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}
