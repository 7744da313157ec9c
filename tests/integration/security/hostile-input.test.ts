import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import * as interviews from "@/app/api/interviews/route";
import * as todos from "@/app/api/todos/route";
import * as exportRoute from "@/app/api/workflow/executions/export/route";
import * as importRoute from "@/app/api/workflow/executions/import/route";
import * as runs from "@/app/api/workflow/executions/route";
import { describeDrivers } from "../../helpers/db";
import { call, orgFingerprint, resTenants } from "../../helpers/res-api";

type Handler = Parameters<typeof call>[0];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Routes that answer without a caller (health, the OpenAPI document) or belong to next-auth. */
const PUBLIC = new Set(["health", "openapi.json", "auth/[...nextauth]"]);

function routeFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), rel);
    return entry.name === "route.ts" ? [prefix] : [];
  });
}

/** Plausible values for every dynamic segment, so the request reaches authentication. */
function paramsOf(route: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of route.matchAll(/\[([^\]]+)\]/g))
    params[name!] = name === "stepNumber" ? "1" : "WF-000001";
  return params;
}

const YEAR_ZERO = ["0000-01-01", "0000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "10000-01-01"];

describeDrivers("hostile input", (ctx) => {
  const t = resTenants(ctx);
  const routes = routeFiles(path.resolve("app/api")).filter((r) => !PUBLIC.has(r));

  it("finds every API route", () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it("a session cookie that is not percent-encoding is no session (401) on every route, never a 500", async () => {
    let called = 0;
    for (const route of routes) {
      const mod = (await import(`@/app/api/${route}/route`)) as Partial<Record<string, Handler>>;
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const res = await call(handler, method, {
          params: paramsOf(route),
          headers: { cookie: "next-auth.session-token=%FF; other=%E0%A4%A", origin: "http://runledger.test" },
          body: method === "GET" || method === "DELETE" ? undefined : {},
        });
        expect({ route, method, status: res.status }).toEqual({ route, method, status: 401 });
        called++;
      }
    }
    expect(called).toBeGreaterThan(80);
  });

  it("dates outside 1900–9999 are a 400 naming the field in every date input, and nothing is written", async () => {
    const before = await orgFingerprint(t.db, t.A.org.id);
    for (const bad of YEAR_ZERO) {
      const cases = [
        await call(todos.POST, "POST", { as: t.A.recruiter, body: { title: "Call back", due_at: bad } }),
        await call(interviews.POST, "POST", {
          as: t.A.recruiter,
          body: { candidate_name: "Ada", scheduled_at: bad },
        }),
        await call(runs.GET, "GET", { as: t.A.admin, query: { scope: "org", from: bad } }),
        await call(runs.GET, "GET", { as: t.A.admin, query: { scope: "org", to: bad } }),
        await call(exportRoute.GET, "GET", { as: t.A.admin, query: { format: "csv", from: bad } }),
        await call(todos.GET, "GET", { as: t.A.recruiter, query: { due_before: bad } }),
        await call(interviews.GET, "GET", { as: t.A.recruiter, query: { from: bad } }),
      ];
      for (const res of cases) {
        expect(res.status, `${bad}: ${res.text.slice(0, 300)}`).toBe(400);
        expect(res.body.error?.code).toBe("validation_error");
      }
    }
    expect(await orgFingerprint(t.db, t.A.org.id)).toBe(before);
  });

  it("an imported run dated year 0000 is reported as invalid, not a server error", async () => {
    const res = await call(importRoute.POST, "POST", {
      as: t.A.recruiter,
      body: {
        workflowHistory: [
          {
            id: "WF-1731427200000",
            jdTitle: "Backend Engineer",
            status: "completed",
            timestamp: "0000-01-01T00:00:00Z",
            totalResumes: 1,
            processedResumes: 1,
          },
        ],
      },
    });
    expect(res.status, res.text.slice(0, 400)).toBe(400);
    expect(res.body.error?.details).toEqual([
      expect.objectContaining({
        path: "body.workflowHistory.0.timestamp",
        message: expect.stringContaining("date"),
      }),
    ]);
  });
});
