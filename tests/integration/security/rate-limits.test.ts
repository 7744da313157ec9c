import { beforeEach, expect, it } from "vitest";
import * as jobs from "@/app/api/jobs/route";
import { signInRefusal, signInWait } from "@/lib/auth/sign-in-limit";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/scripts/client-address.mjs";
import { describeDrivers } from "../../helpers/db";
import { call, expectError, resTenants } from "../../helpers/res-api";

const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address, "x-forwarded-for": "192.0.2.1" });

/** A sign-in attempt the way the login form posts it: 429 when the route would refuse it. */
async function signIn(email: string, address: string): Promise<number> {
  const form = new URLSearchParams({ email, password: "wrong password", csrfToken: "x", json: "true" });
  const req = new Request("http://runledger.test/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...from(address) },
    body: form,
  });
  return (await signInWait(req)) ? 429 : 200;
}

describeDrivers("rate limits", (ctx) => {
  const t = resTenants(ctx);
  // the limiters live in the process, which runs this suite once per driver: start each test afresh
  beforeEach(() => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("runledger.rateLimits")] = undefined;
  });

  it("bad tokens from one address are slowed down; a valid token from that address never is", async () => {
    const limit = env().TOKEN_FAILURE_RATE_LIMIT;
    for (let i = 0; i < limit; i++) {
      const res = await call(jobs.GET, "GET", {
        headers: { authorization: "Bearer rl_guess", ...from("203.0.113.50") },
      });
      expect(res.status).toBe(401);
    }
    const limited = await call(jobs.GET, "GET", {
      headers: { authorization: "Bearer rl_guess", ...from("203.0.113.50") },
    });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // the same address with a real token, and another address with a bad one, are not refused
    expect((await call(jobs.GET, "GET", { as: t.A.recruiter, headers: from("203.0.113.50") })).status).toBe(
      200,
    );
    expectError(
      await call(jobs.GET, "GET", { headers: { authorization: "Bearer rl_guess", ...from("203.0.113.51") } }),
      401,
      "unauthorized",
    );
    // a forged X-Forwarded-For does not make a fresh key: all of these came from one address
    const forged = await call(jobs.GET, "GET", {
      headers: {
        authorization: "Bearer rl_guess",
        [CLIENT_ADDRESS_HEADER]: "203.0.113.50",
        "x-forwarded-for": "9.9.9.9",
      },
    });
    expect(forged.status).toBe(429);
  });

  it("sign-in attempts are limited per address and per account, so one guesser cannot lock out another organization's user", async () => {
    const limit = env().LOGIN_RATE_LIMIT;
    // an attacker guesses a made-up account from one address until limited
    for (let i = 0; i < limit; i++)
      expect(await signIn("nobody@example.test", "198.51.100.20")).not.toBe(429);
    expect(await signIn("nobody@example.test", "198.51.100.20")).toBe(429);
    // …which does not limit a real user of another organization at another address
    expect(await signIn(t.B.admin.email, "198.51.100.21")).not.toBe(429);
    // many addresses against one account are limited by the account
    for (let i = 0; i < limit; i++)
      expect(await signIn("target@example.test", `198.51.101.${i}`)).not.toBe(429);
    expect(await signIn("target@example.test", "198.51.102.1")).toBe(429);
    // one address against many accounts is limited by the address
    for (let i = 0; i < limit; i++)
      expect(await signIn(`spray${i}@example.test`, "198.51.100.30")).not.toBe(429);
    expect(await signIn("spray-last@example.test", "198.51.100.30")).toBe(429);
  });

  it("a refused sign-in answers what the login form reads: 429, Retry-After, and a url naming the error", async () => {
    const req = new Request("https://runledger.test/api/auth/callback/credentials", { method: "POST" });
    const refused = await signInRefusal(req, 42);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("42");
    const body = (await refused.json()) as { error: { code: string }; url: string };
    expect(body.error.code).toBe("rate_limited");
    // next-auth's signIn() parses new URL(data.url) and reports its `error` parameter with the status;
    // without a url it threw and the form stayed on "Signing in…"
    const url = new URL(body.url);
    expect(url.origin).toBe("https://runledger.test");
    expect(url.searchParams.get("error")).toBe("rate_limited");
  });
});
