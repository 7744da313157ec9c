import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decodeWebhookSecret,
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
} from "@/lib/webhooks/sign";

// The Standard Webhooks published test vector (also used by the reference libraries' tests).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const VECTOR = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const AT_TIMESTAMP = new Date(TIMESTAMP * 1000);

/** Independent reference: HMAC-SHA256 over "id.timestamp.body" with the base64-decoded secret. */
function reference(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function headers(signature = VECTOR, timestamp = String(TIMESTAMP), id = ID): Record<string, string> {
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
}

const OTHER_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;

describe("signWebhook", () => {
  it("matches the published vector and an independent node:crypto computation", () => {
    expect(reference(SECRET, ID, TIMESTAMP, BODY)).toBe(VECTOR);
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secret: SECRET })).toBe(VECTOR);
  });

  it("signs the raw bytes of a binary body like the equivalent string", () => {
    const bytes = new TextEncoder().encode(BODY);
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: bytes, secret: SECRET })).toBe(VECTOR);
  });

  it("handles non-ASCII bodies as UTF-8", () => {
    const body = '{"name":"Zoë 😀"}';
    expect(signWebhook({ id: "msg_1", timestamp: 1, body, secret: OTHER_SECRET })).toBe(
      reference(OTHER_SECRET, "msg_1", 1, body),
    );
  });

  it("accepts the bare base64 secret without the prefix", () => {
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secret: SECRET.slice(6) })).toBe(VECTOR);
  });

  it("emits one space-separated signature per secret, in order", () => {
    expect(signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secret: [SECRET, OTHER_SECRET] })).toBe(
      `${VECTOR} ${reference(OTHER_SECRET, ID, TIMESTAMP, BODY)}`,
    );
  });

  it("refuses bad arguments", () => {
    expect(() => signWebhook({ id: "", timestamp: TIMESTAMP, body: BODY, secret: SECRET })).toThrow(
      TypeError,
    );
    expect(() => signWebhook({ id: ID, timestamp: 1.5, body: BODY, secret: SECRET })).toThrow(RangeError);
    expect(() => signWebhook({ id: ID, timestamp: -1, body: BODY, secret: SECRET })).toThrow(RangeError);
    expect(() => signWebhook({ id: ID, timestamp: TIMESTAMP, body: BODY, secret: [] })).toThrow(TypeError);
  });
});

describe("decodeWebhookSecret / generateWebhookSecret", () => {
  it("decodes the vector secret to 24 bytes", () => {
    expect(decodeWebhookSecret(SECRET)).toEqual(Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64"));
    expect(decodeWebhookSecret(SECRET)).toHaveLength(24);
  });

  it.each([
    ["whsec_test", "too short"],
    ["whsec_", "empty"],
    ["whsec_not base64!!", "not base64"],
    [`whsec_${Buffer.alloc(16).toString("base64")}`, "16 bytes"],
    [`whsec_${Buffer.alloc(65).toString("base64")}`, "65 bytes"],
  ])("rejects %s (%s)", (secret) => {
    expect(() => decodeWebhookSecret(secret)).toThrow(TypeError);
  });

  it("generates distinct whsec_ secrets of 32 random bytes that round-trip", () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
    const signature = signWebhook({ id: "msg_x", timestamp: 10, body: "{}", secret: a });
    expect(signature).toBe(reference(a, "msg_x", 10, "{}"));
  });
});

describe("webhookHeaders", () => {
  it("builds the three headers with whole-second timestamps", () => {
    expect(
      webhookHeaders({ id: ID, body: BODY, secret: SECRET, now: new Date(TIMESTAMP * 1000 + 999) }),
    ).toEqual({
      "webhook-id": ID,
      "webhook-timestamp": "1614265330",
      "webhook-signature": VECTOR,
    });
  });

  it("round-trips through verifyWebhook", () => {
    const now = new Date("2025-01-14T10:00:00Z");
    const sent = webhookHeaders({ id: "msg_round", body: "{}", secret: SECRET, now });
    expect(verifyWebhook(sent, "{}", SECRET, { now })).toEqual({
      ok: true,
      id: "msg_round",
      timestamp: now.getTime() / 1000,
    });
  });
});

describe("verifyWebhook", () => {
  it("accepts the published vector", () => {
    expect(verifyWebhook(headers(), BODY, SECRET, { now: AT_TIMESTAMP })).toEqual({
      ok: true,
      id: ID,
      timestamp: TIMESTAMP,
    });
  });

  it("reads a Headers instance case-insensitively", () => {
    const h = new Headers({
      "Webhook-Id": ID,
      "WEBHOOK-TIMESTAMP": String(TIMESTAMP),
      "webhook-signature": VECTOR,
    });
    expect(verifyWebhook(h, BODY, SECRET, { now: AT_TIMESTAMP }).ok).toBe(true);
  });

  it("reads a plain record case-insensitively", () => {
    const h = { "Webhook-Id": ID, "Webhook-Timestamp": String(TIMESTAMP), "Webhook-Signature": VECTOR };
    expect(verifyWebhook(h, BODY, SECRET, { now: AT_TIMESTAMP }).ok).toBe(true);
  });

  describe("tampering", () => {
    const now = { now: AT_TIMESTAMP };
    it.each([
      ["a changed body", headers(), '{"test": 2432232315}'],
      ["a body with extra whitespace", headers(), `${BODY} `],
      ["a changed id", headers(VECTOR, String(TIMESTAMP), "msg_other"), BODY],
      ["a changed timestamp", headers(VECTOR, String(TIMESTAMP + 1)), BODY],
      ["a flipped signature character", headers(VECTOR.replace("g0hM", "g0hN")), BODY],
      ["a truncated signature", headers(VECTOR.slice(0, -2)), BODY],
      ["an unknown version", headers(VECTOR.replace("v1,", "v2,")), BODY],
      ["the bare signature without version", headers(VECTOR.slice(3)), BODY],
    ])("rejects %s", (_label, h, body) => {
      expect(verifyWebhook(h, body, SECRET, now)).toEqual({ ok: false, reason: "invalid_signature" });
    });

    it("rejects the right signature under the wrong secret", () => {
      expect(verifyWebhook(headers(), BODY, OTHER_SECRET, now)).toEqual({
        ok: false,
        reason: "invalid_signature",
      });
    });
  });

  describe("several signatures and secrets", () => {
    const now = { now: AT_TIMESTAMP };
    it("accepts when any v1 entry matches, whatever its position", () => {
      const forged = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
      expect(verifyWebhook(headers(`${forged} ${VECTOR}`), BODY, SECRET, now).ok).toBe(true);
      expect(verifyWebhook(headers(`v1a,abc  ${VECTOR}\t${forged}`), BODY, SECRET, now).ok).toBe(true);
    });

    it("accepts any of several receiver secrets (rotation)", () => {
      expect(verifyWebhook(headers(), BODY, [OTHER_SECRET, SECRET], now).ok).toBe(true);
    });

    it("joins repeated signature headers", () => {
      const h = {
        "webhook-id": ID,
        "webhook-timestamp": String(TIMESTAMP),
        "webhook-signature": ["v1,x", VECTOR],
      };
      expect(verifyWebhook(h, BODY, SECRET, now).ok).toBe(true);
    });
  });

  describe("timestamps", () => {
    const at = (offsetSeconds: number) => ({ now: new Date((TIMESTAMP + offsetSeconds) * 1000) });

    it("accepts exactly at the tolerance edges", () => {
      expect(verifyWebhook(headers(), BODY, SECRET, at(300)).ok).toBe(true);
      expect(verifyWebhook(headers(), BODY, SECRET, at(-300)).ok).toBe(true);
    });

    it("rejects a message older than the tolerance", () => {
      expect(verifyWebhook(headers(), BODY, SECRET, at(301))).toEqual({
        ok: false,
        reason: "timestamp_too_old",
      });
    });

    it("rejects a message from too far in the future", () => {
      expect(verifyWebhook(headers(), BODY, SECRET, at(-301))).toEqual({
        ok: false,
        reason: "timestamp_too_new",
      });
    });

    it("honours a custom tolerance", () => {
      expect(verifyWebhook(headers(), BODY, SECRET, { ...at(61), toleranceSeconds: 60 })).toEqual({
        ok: false,
        reason: "timestamp_too_old",
      });
      expect(verifyWebhook(headers(), BODY, SECRET, { ...at(3_600), toleranceSeconds: 3_600 }).ok).toBe(true);
    });

    it("checks the timestamp before the signature (a stale valid signature is still refused)", () => {
      expect(verifyWebhook(headers("v1,bogus"), BODY, SECRET, at(10_000))).toEqual({
        ok: false,
        reason: "timestamp_too_old",
      });
    });

    it.each(["", "abc", "1614265330.5", "-1614265330", "1e9", " 1614265330"])(
      "rejects timestamp %j",
      (ts) => {
        const result = verifyWebhook(headers(VECTOR, ts), BODY, SECRET, at(0));
        expect(result.ok).toBe(false);
        expect(result.ok ? null : result.reason).toBe(ts === "" ? "missing_headers" : "invalid_timestamp");
      },
    );

    it("refuses a negative tolerance", () => {
      expect(() => verifyWebhook(headers(), BODY, SECRET, { toleranceSeconds: -1 })).toThrow(RangeError);
    });

    it("defaults now to the current time (the 2021 vector is stale today)", () => {
      expect(verifyWebhook(headers(), BODY, SECRET)).toEqual({ ok: false, reason: "timestamp_too_old" });
    });
  });

  describe("missing or ambiguous headers", () => {
    it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])("rejects without %s", (name) => {
      const h: Record<string, string> = headers();
      delete h[name];
      expect(verifyWebhook(h, BODY, SECRET, { now: AT_TIMESTAMP })).toEqual({
        ok: false,
        reason: "missing_headers",
      });
    });

    it("rejects a blank signature header", () => {
      expect(verifyWebhook(headers("   "), BODY, SECRET, { now: AT_TIMESTAMP })).toEqual({
        ok: false,
        reason: "missing_headers",
      });
    });

    it("rejects a repeated id", () => {
      const h = {
        "webhook-id": [ID, "msg_2"],
        "webhook-timestamp": String(TIMESTAMP),
        "webhook-signature": VECTOR,
      };
      expect(verifyWebhook(h, BODY, SECRET, { now: AT_TIMESTAMP })).toEqual({
        ok: false,
        reason: "missing_headers",
      });
    });
  });

  it("throws on a misconfigured receiver secret rather than reporting a sender error", () => {
    expect(() => verifyWebhook(headers(), BODY, "whsec_short", { now: AT_TIMESTAMP })).toThrow(TypeError);
    expect(() => verifyWebhook(headers(), BODY, [], { now: AT_TIMESTAMP })).toThrow(TypeError);
  });
});
