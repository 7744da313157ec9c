// Property over every API route (issue 11): malformed dates, encodings, cookies and ids, as an admin (Bearer or
// session cookie) or as nobody, never get a 5xx; every refusal has the API's error shape. The routes are found on
// disk, so a new route is fuzzed without anyone remembering to add it.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, it } from "vitest";
import { type CallOptions, call, TEST_ORIGIN } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { resTenants } from "../../helpers/res-api";

type Handler = Parameters<typeof call>[0];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** next-auth's own handler, and the live stream (it stays open; tests/integration/api/io-stream.test.ts covers it). */
const SKIP = new Set(["auth/[...nextauth]", "workflow/executions/[workflowId]/stream"]);
const FUZZ_SEED = Math.trunc(Number(process.env.FUZZ_SEED)) || 20261205;

function routeFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), rel);
    return entry.name === "route.ts" ? [prefix] : [];
  });
}

/** Strings that have broken parsers before: dates out of range, bad percent-encoding, odd ids, huge numbers. */
const hostile = fc.oneof(
  fc.constantFrom(
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "+010000-01-01T00:00:00Z",
    "10000-01-01",
    "1899-12-31T23:59:59Z",
    "2024-02-30",
    "2024-13-01",
    "T00:00",
    "%FF",
    "%E0%A4%A",
    "%",
    "%00",
    "\u0000",
    "\uD800",
    "WF-ZZZZZZZZZZZZ",
    "WF-000000",
    "WF-",
    "JD-0",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "../../etc/passwd",
    "' or 1=1 --",
    "-1",
    "1e309",
    "9007199254740993",
    "NaN",
    "[]",
    "{",
    '{"a":',
    "a".repeat(3000),
  ),
  fc.string({ maxLength: 24 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
);

const queryKeys = fc.constantFrom(
  "from",
  "to",
  "due_before",
  "cursor",
  "skip",
  "limit",
  "sort",
  "status",
  "q",
  "context",
  "scope",
  "days",
  "format",
  "workflow",
  "channel",
  "jd_id",
  "started_by",
  "include_deleted",
  "version",
);

/** Who calls: an admin by Bearer token, an admin by session cookie among junk cookies, or a junk cookie alone. */
type Who = "bearer" | "cookie" | "junk";

describeDrivers("route fuzz: no 5xx on any route", (ctx) => {
  const t = resTenants(ctx);
  const routes = routeFiles(path.resolve("app/api")).filter((r) => !SKIP.has(r));

  it("finds every API route", () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it("malformed ids, dates, encodings and cookies on every route and method answer 4xx or success, never 5xx", async () => {
    let calls = 0;
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const mod = (await import(`@/app/api/${route}/route`)) as Partial<Record<string, Handler>>;
      const names = [...route.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const input = fc.record({
          params: fc.tuple(...names.map(() => hostile)),
          query: fc.dictionary(fc.oneof(queryKeys, fc.string({ maxLength: 6 })), hostile, { maxKeys: 4 }),
          body: fc.option(
            fc.dictionary(fc.oneof(queryKeys, fc.string({ maxLength: 6 })), hostile, { maxKeys: 4 }),
            {
              nil: undefined,
            },
          ),
          who: fc.constantFrom<Who>("bearer", "cookie", "junk"),
          junk: hostile,
        });
        await fc.assert(
          fc.asyncProperty(input, async ({ params, query, body, who, junk }) => {
            const options: CallOptions = {
              params: Object.fromEntries(names.map((n, i) => [n, params[i]!])),
              query,
              body: method === "GET" || method === "DELETE" ? undefined : (body ?? {}),
              headers: { origin: TEST_ORIGIN },
            };
            // header values are bytes 0x20–0x7e: anything else in the junk becomes an invalid escape
            const junkCookie = `next-auth.session-token=${junk.replace(/[^\x21-\x3a\x3c-\x7e]/g, "%FF").slice(0, 300)}`;
            if (who === "bearer") options.as = t.A.admin;
            else if (who === "cookie")
              options.headers = { ...options.headers, cookie: `other=%E0%A4%A; ${t.A.admin.cookie}` };
            else options.headers = { ...options.headers, cookie: junkCookie };
            const res = await call(handler, method, options);
            calls++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const label = `${method} /api/${route} ${JSON.stringify({ ...options, as: who })}`;
            expect(res.status, `${label} → ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400 && res.headers.get("content-type")?.includes("json"))
              expect(res.body?.error?.code, `${label}: error body shape`).toEqual(expect.any(String));
          }),
          { numRuns: 20, seed: FUZZ_SEED },
        );
      }
    }
    expect(calls).toBeGreaterThan(600);
    // the generator reaches past authentication: most answers are validation or not-found, not only 401
    const refusedByAuth = statuses.get(401) ?? 0;
    expect(refusedByAuth).toBeLessThan(calls / 2);
  }, 300_000);
});
