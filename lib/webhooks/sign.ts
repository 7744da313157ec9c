// Standard Webhooks (https://www.standardwebhooks.com/) signing and verification, so receivers can
// verify Runledger deliveries with any of that specification's libraries.
//
//   secret           whsec_<base64 of 24..64 random bytes>
//   signed content   `${webhook-id}.${webhook-timestamp}.${raw body}`
//   signature        HMAC-SHA256 with the decoded secret, base64
//   header           webhook-signature: v1,<sig> [v1,<sig> …]   (several during secret rotation)
//
// Verification compares in constant time and rejects timestamps outside ±tolerance (too old: replay;
// too far ahead: a forged clock, which would otherwise extend the replay window).

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

// The specification asks for 24 to 64 bytes; shorter keys are refused so a placeholder such as
// "whsec_test" fails loudly instead of signing with a guessable key.
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TIMESTAMP = /^\d{1,15}$/;

export type WebhookBody = string | Uint8Array;
/** One secret, or several during a rotation (signing emits one signature per secret). */
export type WebhookSecrets = string | readonly string[];

// A type alias, not an interface, so that it is assignable to the Record form of HeaderSource.
export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** A fresh `whsec_` secret of 32 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64");
}

/**
 * The HMAC key of a secret. The `whsec_` prefix is optional (some dashboards show the bare base64).
 * Throws TypeError for a malformed or too-short secret: that is a configuration error, not something
 * a sender can cause.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
    throw new TypeError("webhook secret must be whsec_ followed by base64");
  }
  const key = Buffer.from(encoded, "base64");
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new TypeError(
      `webhook secret must decode to ${MIN_SECRET_BYTES}..${MAX_SECRET_BYTES} bytes, got ${key.length}`,
    );
  }
  return key;
}

function toList(secrets: WebhookSecrets): readonly string[] {
  return typeof secrets === "string" ? [secrets] : secrets;
}

function signedContent(id: string, timestamp: string, body: WebhookBody): Buffer {
  // Sign the raw bytes: re-encoding a body that was received as bytes could change it.
  const bodyBytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, "utf8"), bodyBytes]);
}

function hmacBase64(key: Buffer, content: Buffer): string {
  return createHmac("sha256", key).update(content).digest("base64");
}

function assertMessageId(id: string): void {
  if (id.length === 0) throw new TypeError("webhook id must not be empty");
}

/** The `webhook-signature` value: `v1,<base64>` per secret, space-separated. */
export function signWebhook(args: {
  id: string;
  timestamp: number;
  body: WebhookBody;
  secret: WebhookSecrets;
}): string {
  assertMessageId(args.id);
  if (!Number.isSafeInteger(args.timestamp) || args.timestamp < 0) {
    throw new RangeError(`webhook timestamp must be whole unix seconds, got ${args.timestamp}`);
  }
  const content = signedContent(args.id, String(args.timestamp), args.body);
  const secrets = toList(args.secret);
  if (secrets.length === 0) throw new TypeError("at least one webhook secret is required");
  return secrets.map((secret) => `v1,${hmacBase64(decodeWebhookSecret(secret), content)}`).join(" ");
}

/** The three headers of a delivery, timestamped `now`. */
export function webhookHeaders(args: {
  id: string;
  body: WebhookBody;
  secret: WebhookSecrets;
  now?: Date;
}): WebhookHeaders {
  const timestamp = Math.floor((args.now ?? new Date()).getTime() / 1000);
  return {
    "webhook-id": args.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook({ id: args.id, timestamp, body: args.body, secret: args.secret }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Verification

export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export type WebhookVerifyFailure =
  | "missing_headers"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_signature";

export type WebhookVerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: WebhookVerifyFailure };

export interface VerifyWebhookOptions {
  toleranceSeconds?: number;
  now?: Date;
}

function headerValues(headers: HeaderSource, name: string): string[] {
  if (headers instanceof Headers) {
    const value = headers.get(name);
    return value === null ? [] : [value];
  }
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(typeof value === "string" ? [value] : value));
  }
  return values;
}

/** A header that must appear exactly once; a repeated id or timestamp is ambiguous and refused. */
function singleHeader(headers: HeaderSource, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length === 1 && values[0] !== "" ? values[0] : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // Lengths of a base64 HMAC are public (always 44 characters), so this early exit leaks nothing.
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkTimestamp(raw: string, now: Date, toleranceSeconds: number): WebhookVerifyFailure | number {
  if (!TIMESTAMP.test(raw)) return "invalid_timestamp";
  const timestamp = Number(raw);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) return "timestamp_too_old";
  if (timestamp > nowSeconds + toleranceSeconds) return "timestamp_too_new";
  return timestamp;
}

/** The base64 parts of the `v1` entries; other versions (e.g. the asymmetric `v1a`) are ignored. */
function v1Signatures(header: string): string[] {
  return header
    .split(/\s+/)
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice(3));
}

/**
 * Verify a received delivery. `body` must be the raw request body, before any JSON parsing.
 * Succeeds when any `v1` signature matches any of the secrets (rotation on either side).
 */
export function verifyWebhook(
  headers: HeaderSource,
  body: WebhookBody,
  secret: WebhookSecrets,
  options: VerifyWebhookOptions = {},
): WebhookVerifyResult {
  const { toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS, now = new Date() } = options;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(`toleranceSeconds must be a non-negative number, got ${toleranceSeconds}`);
  }
  const keys = toList(secret).map(decodeWebhookSecret);
  if (keys.length === 0) throw new TypeError("at least one webhook secret is required");

  const id = singleHeader(headers, "webhook-id");
  const rawTimestamp = singleHeader(headers, "webhook-timestamp");
  const signatureHeader = headerValues(headers, "webhook-signature").join(" ");
  if (id === undefined || rawTimestamp === undefined || signatureHeader.trim() === "") {
    return { ok: false, reason: "missing_headers" };
  }

  const timestamp = checkTimestamp(rawTimestamp, now, toleranceSeconds);
  if (typeof timestamp !== "number") return { ok: false, reason: timestamp };

  const content = signedContent(id, rawTimestamp, body);
  const expected = keys.map((key) => hmacBase64(key, content));
  const provided = v1Signatures(signatureHeader);
  // Compare every pair without short-circuiting, so timing does not reveal which entry matched.
  let matched = false;
  for (const candidate of provided) {
    for (const signature of expected) matched = safeEqual(candidate, signature) || matched;
  }
  return matched ? { ok: true, id, timestamp } : { ok: false, reason: "invalid_signature" };
}
