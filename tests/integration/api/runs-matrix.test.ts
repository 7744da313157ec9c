// Every route of the execution API against every role (allowed → its success status, denied → the
// exact 403), through a session cookie as well as a Bearer token, without authentication (401), and
// from another organization (404 for every run it names, and nothing of that organization changes).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, TEST_ORIGIN, useTestDb } from "../../helpers/api";
import { describeDrivers, query } from "../../helpers/db";
import { writeFingerprint } from "../../helpers/fuzz";
import {
  allowed,
  type ApiWorld,
  cachedCatalogDb,
  errorBody,
  forbidden,
  makeApiWorld,
  roles,
  routeCases,
  runNotFound,
  unauthorized,
} from "../../helpers/runs-api";
import { runRouteDocs } from "@/lib/api/openapi/runs";
import { coveredRoutes } from "./runs.covered";

describeDrivers("execution API: role, authentication and tenant matrices", (ctx) => {
  let A: ApiWorld;
  let B: ApiWorld;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    A = await makeApiWorld(ctx().handle);
    B = await makeApiWorld(ctx().handle);
  });
  const fast = () => cachedCatalogDb(ctx().db);

  it("the route table covers every route file of the area", () => {
    expect([...new Set(routeCases.map((r) => r.file))].sort()).toEqual([...coveredRoutes].sort());
  });

  it("every route and method of the area is documented (RouteDoc) with its permission", () => {
    const pathOf = (file: string) =>
      `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`.replace(/\[(\w+)\]/g, "{$1}");
    const documented = runRouteDocs.map((d) => `${d.method} ${d.path} ${d.permission}`).sort();
    const routed = routeCases.map((r) => `${r.method} ${pathOf(r.file)} ${r.permission}`).sort();
    expect(documented).toEqual(routed);
    for (const doc of runRouteDocs) expect(Object.keys(doc.responses).length).toBeGreaterThan(1);
  });

  describe("role × route", () => {
    for (const rc of routeCases) {
      it(rc.name, async () => {
        const outcome: Record<string, number> = {};
        for (const role of roles) {
          const request = await rc.request(A.fixtures(role));
          const res = await call(rc.handler, rc.method, { ...request, as: A.tenant[role] });
          outcome[role] = res.status;
          if (allowed(role, rc)) {
            expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBe(rc.ok);
          } else {
            expect(res.status, role).toBe(403);
            expect(res.body).toEqual(forbidden(role));
          }
        }
        expect(Object.keys(outcome)).toEqual([...roles]);
      });
    }
  });

  describe("session cookie", () => {
    for (const rc of routeCases) {
      it(`${rc.name} works for the admin through the session cookie`, async () => {
        const request = await rc.request(A.fixtures("admin"));
        const res = await call(rc.handler, rc.method, { ...request, as: A.tenant.admin, viaCookie: true });
        expect(res.status, res.text.slice(0, 300)).toBe(rc.ok);
      });
    }

    it("mutations through a cookie from another origin (or none) are refused, and write nothing", async () => {
      for (const rc of routeCases.filter((r) => r.method !== "GET")) {
        for (const origin of ["https://evil.example", null]) {
          const request = await rc.request(A.fixtures("admin"));
          const before = await writeFingerprint(fast());
          const headers = new Headers({ host: new URL(TEST_ORIGIN).host, cookie: A.tenant.admin.cookie });
          if (origin) headers.set("origin", origin);
          if (request.body !== undefined) headers.set("content-type", "application/json");
          const url = new URL("/api/test", TEST_ORIGIN);
          const res = await rc.handler(
            new Request(url, {
              method: rc.method,
              headers,
              body: request.body === undefined ? undefined : JSON.stringify(request.body),
            }),
            { params: Promise.resolve(request.params ?? {}) },
          );
          expect(res.status, `${rc.name} origin=${origin}`).toBe(403);
          expect(await res.json()).toEqual(errorBody("forbidden", "Cross-origin request refused"));
          expect(await writeFingerprint(fast()), rc.name).toBe(before);
        }
      }
    }, 600_000);
  });

  describe("authentication", () => {
    for (const rc of routeCases) {
      it(`${rc.name}: 401 without credentials and with a bad token, nothing written`, async () => {
        const request = await rc.request(A.fixtures("admin"));
        const before = await writeFingerprint(fast());
        const none = await call(rc.handler, rc.method, request);
        expect(none.status).toBe(401);
        expect(none.body).toEqual(unauthorized);
        const bad = await call(rc.handler, rc.method, {
          ...request,
          headers: {
            authorization: "Bearer rl_0000000000000000000000000000000000000000000",
            "x-runledger-client-address": `10.9.${routeCases.indexOf(rc)}.1`,
          },
        });
        expect(bad.status).toBe(401);
        expect(bad.body).toEqual(errorBody("unauthorized", "Invalid or revoked API token"));
        expect(await writeFingerprint(fast())).toBe(before);
      });
    }
  });

  describe("cross-tenant: organization A's admin against organization B's ids", () => {
    async function fingerprintOf(orgId: string): Promise<string> {
      const rows = await query<{ f: string }>(
        ctx().db,
        sql`select md5(coalesce(string_agg(x, '|' order by x), '')) as f from (
          select 'r' || r::text as x from workflow_runs r where org_id = ${orgId}
          union all select 's' || s::text from workflow_run_steps s where org_id = ${orgId}
          union all select 'a' || a::text from step_approvals a where org_id = ${orgId}
          union all select 'l' || l.id::text from audit_logs l where org_id = ${orgId}
          union all select 'i' || i.id::text from idempotency_keys i where org_id = ${orgId}
        ) t`,
      );
      return rows[0]!.f;
    }

    for (const rc of routeCases.filter((r) => r.byRun)) {
      it(`${rc.name} → 404 and B unchanged`, async () => {
        const request = await rc.request(B.fixtures("admin"));
        const before = await fingerprintOf(B.tenant.org.id);
        for (const ref of ["publicId", "id"] as const) {
          const params = { ...request.params };
          if (ref === "id") {
            const [row] = await query<{ id: string }>(
              ctx().db,
              sql`select id from workflow_runs where public_id = ${params.workflowId}`,
            );
            params.workflowId = row!.id;
          }
          const res = await call(rc.handler, rc.method, { ...request, params, as: A.tenant.admin });
          expect(res.status, res.text.slice(0, 200)).toBe(404);
          expect(res.body).toEqual(runNotFound);
        }
        expect(await fingerprintOf(B.tenant.org.id)).toBe(before);
      });
    }

    it("routes without a run in the path: B's ids are not found, B's runs are not listed or touched", async () => {
      const fx = B.fixtures("admin");
      const bRun = await fx.queuedRun();
      const bFailed = await fx.failedRun();
      await fx.approvalRun();
      const before = await fingerprintOf(B.tenant.org.id);
      const as = A.tenant.admin;

      const batchJd = await call(routeCases[0]!.handler, "POST", { as, body: { jd_id: B.jd.publicId } });
      expect(batchJd.body).toEqual(errorBody("not_found", "Job description not found"));
      const batchResume = await call(routeCases[0]!.handler, "POST", {
        as,
        body: { jd_id: A.jd.publicId, resume_ids: [B.resume.id] },
      });
      expect(batchResume.status).toBe(404);
      const startForeign = await call(byName("POST /api/workflow/executions").handler, "POST", {
        as,
        body: { workflow_id: B.workflowId },
      });
      expect(startForeign.status).toBe(404);
      expect(startForeign.body).toEqual(errorBody("not_found", "Workflow not found"));

      const list = await call(byName("GET /api/workflow/executions").handler, "GET", {
        as,
        query: { scope: "org", q: bRun.publicId, limit: "50" },
      });
      expect(list.body).toMatchObject({ workflows: [], total: 0 });
      const byWorkflow = await call(byName("GET /api/workflow/executions").handler, "GET", {
        as,
        query: { scope: "org", workflow: B.workflowId },
      });
      expect(byWorkflow.body).toMatchObject({ workflows: [], total: 0 });

      for (const name of [
        "POST /api/workflow/executions/bulk/cancel",
        "POST /api/workflow/executions/bulk/rerun",
      ]) {
        const res = await call(byName(name).handler, "POST", {
          as,
          body: { ids: [bRun.publicId, bFailed.id] },
        });
        expect(res.body).toMatchObject({
          succeeded: 0,
          failed: 2,
          results: [
            { workflow_id: bRun.publicId, ok: false, error: { code: "not_found", message: "Run not found" } },
            { workflow_id: bFailed.id, ok: false, error: { code: "not_found", message: "Run not found" } },
          ],
        });
      }
      const inbox = await call(byName("GET /api/approvals").handler, "GET", { as });
      expect(JSON.stringify(inbox.body)).not.toContain(B.tenant.org.id);
      for (const a of inbox.body.approvals as { workflow_id: string }[])
        expect(a.workflow_id).not.toBe(bRun.publicId);
      const status = await call(byName("GET /api/workflow/status").handler, "GET", { as });
      expect(status.status).toBe(200);
      const retention = await call(byName("POST /api/admin/retention").handler, "POST", { as });
      expect(retention.body).toMatchObject({ org_id: A.tenant.org.id });

      expect(await fingerprintOf(B.tenant.org.id)).toBe(before);
    });
  });

  function byName(name: string) {
    const found = routeCases.find((r) => r.name === name);
    if (!found) throw new Error(`no route case ${name}`);
    return found;
  }
});
