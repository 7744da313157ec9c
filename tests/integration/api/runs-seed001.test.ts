// Seed 001's contract: the frontend client functions (startAIMatching, getWorkflowExecutions,
// getWorkflowExecution) reproduced against the handlers with the same URLs and shapes, the run list's
// filters and pages, the status update, the dashboard status, and Idempotency-Key semantics of the
// two creates (POST /api/matching/batch, POST /api/workflow/executions).
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { requestHash } from "@/lib/api/idempotency";
import { createJob, runToEnd, textUpload, uploadAll } from "../../helpers/agents";
import { type Caller, call, TEST_ORIGIN, useTestDb } from "../../helpers/api";
import { describeDrivers, query } from "../../helpers/db";
import { makeJobDescription, makeResume, makeRun } from "../../helpers/factories";
import {
  actorOf,
  type ApiWorld,
  errorBody,
  forbidden,
  ISO,
  makeApiWorld,
  readRun,
  routes,
  runNotFound,
  start,
  unauthorized,
  WF,
} from "../../helpers/runs-api";

describeDrivers("seed 001 execution API", (ctx) => {
  let A: ApiWorld;
  let B: ApiWorld;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    A = await makeApiWorld(ctx().handle);
    B = await makeApiWorld(ctx().handle);
  });

  /** fetch() for the seed's client: routes /api/… URLs to the handlers, as Next.js would. */
  type Route = [
    string,
    RegExp,
    (req: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>,
  ];
  function fetchFor(routeTable: Route[]) {
    return async (url: string, init: RequestInit = {}) => {
      const full = new URL(url, TEST_ORIGIN);
      for (const [method, pattern, handler] of routeTable) {
        const m = pattern.exec(full.pathname);
        if (m && (init.method ?? "GET") === method) {
          const headers = new Headers(init.headers);
          headers.set("host", full.host);
          return handler(new Request(full, { ...init, headers }), {
            params: Promise.resolve({ ...m.groups }),
          });
        }
      }
      throw new Error(`no route for ${init.method ?? "GET"} ${url}`);
    };
  }

  /** The seed's src/services/api.ts, verbatim but for fetch and the token source. */
  function seedClient(caller: Caller) {
    const API_BASE_URL = "/api";
    const getAuthToken = () => caller.token;
    const fetch = fetchFor([
      ["POST", /^\/api\/matching\/batch$/, routes.batch.POST],
      ["GET", /^\/api\/workflow\/executions$/, routes.executions.GET],
      ["GET", /^\/api\/workflow\/executions\/(?<workflowId>[^/]+)$/, routes.run.GET],
    ]);
    const startAIMatching = async (resumeIds: string[], jdId: string) => {
      const response = await fetch(`${API_BASE_URL}/matching/batch`, {
        method: "POST",
        headers: { Authorization: `Bearer ${getAuthToken()}`, "Content-Type": "application/json" },
        body: JSON.stringify({ jd_id: jdId, resume_ids: resumeIds, force_reprocess: false }),
      });
      return response.json();
    };
    const getWorkflowExecutions = async (skip = 0, limit = 10) => {
      const response = await fetch(`${API_BASE_URL}/workflow/executions?skip=${skip}&limit=${limit}`, {
        headers: { Authorization: `Bearer ${getAuthToken()}` },
      });
      if (!response.ok) throw new Error("Failed to fetch workflow executions");
      return response.json();
    };
    const getWorkflowExecution = async (workflowId: string) => {
      const response = await fetch(`${API_BASE_URL}/workflow/executions/${workflowId}`, {
        headers: { Authorization: `Bearer ${getAuthToken()}` },
      });
      if (!response.ok) throw new Error("Failed to fetch workflow");
      return response.json();
    };
    return { startAIMatching, getWorkflowExecutions, getWorkflowExecution };
  }

  describe("the seed's client", () => {
    it("Start AI Workflow, then the history and the run document come from the database", async () => {
      const t = ctx();
      const jd = await createJob(t.db, A.tenant.org.id);
      const uploaded = await uploadAll(t.db, A.tenant.org.id, [textUpload(1), textUpload(2), textUpload(3)]);
      const client = seedClient(A.tenant.recruiter);

      const started = await client.startAIMatching(
        uploaded.map((r) => r.id),
        jd.publicId,
      );
      expect(started).toEqual({
        success: true,
        message: "Workflow started for 3 resumes",
        data: {
          workflow_id: expect.stringMatching(WF),
          jd_id: jd.publicId,
          total_resumes: 3,
          status: "pending",
        },
      });
      const workflowId: string = started.data.workflow_id;

      // history: the seed's loadWorkflowHistoryFromDB reads data.workflows
      const history = await client.getWorkflowExecutions(0, 10);
      expect(history.workflows[0]).toMatchObject({
        workflow_id: workflowId,
        title: jd.title,
        jd_id: jd.publicId,
        jd_title: jd.title,
        status: "pending",
        channel: "api",
        started_by: A.tenant.recruiter.userId,
        total_resumes: 3,
        processed_resumes: 0,
        resume_ids: uploaded.map((r) => r.id),
        progress: { completed_steps: 0, total_steps: 4, percentage: 0 },
        metrics: { total_candidates: 3, processing_time_ms: 0, match_rate: 0, top_matches: 0 },
        created_at: expect.stringMatching(ISO),
      });
      expect(history.total).toBeGreaterThanOrEqual(1);

      const before = await client.getWorkflowExecution(workflowId);
      expect(before).toMatchObject({
        workflow_id: workflowId,
        jd_id: jd.publicId,
        jd_title: jd.title,
        status: "pending",
        started_by: A.tenant.recruiter.userId,
        resume_ids: uploaded.map((r) => r.id),
        total_resumes: 3,
        processed_resumes: 0,
        force_reprocess: false,
        results: null,
        error: null,
        error_details: null,
        progress: { completed_agents: 0, total_agents: 4, completed_steps: 0, total_steps: 4, percentage: 0 },
      });
      expect(before.agents.map((a: { agent_id: string; status: string }) => [a.agent_id, a.status])).toEqual([
        ["resume-extractor", "queued"],
        ["jd-reader", "pending"],
        ["resume-reader", "pending"],
        ["hr-comparator", "pending"],
      ]);

      // the worker runs the agents; the same document then shows the outcome
      const ended = await runToEnd(t, A.tenant.org.id, before.id);
      expect(ended.status, ended.errorMessage ?? "").toBe("completed");
      const after = await client.getWorkflowExecution(workflowId);
      expect(after).toMatchObject({
        workflow_id: workflowId,
        status: "completed",
        processed_resumes: 3,
        started_at: expect.stringMatching(ISO),
        completed_at: expect.stringMatching(ISO),
        progress: { completed_agents: 4, total_agents: 4, percentage: 100 },
        error: null,
      });
      expect(after.agents.every((a: { status: string }) => a.status === "completed")).toBe(true);
      expect(after.matches).toHaveLength(3);
      const results = after.results as Record<string, number>;
      expect(
        results.excellent_matches! + results.good_matches! + results.average_matches! + results.poor_matches!,
      ).toBe(3);
      expect(after.duration_ms).toBeGreaterThanOrEqual(0);
    });

    it("getWorkflowExecution of an unknown or foreign run throws like the seed (404)", async () => {
      const client = seedClient(A.tenant.recruiter);
      await expect(client.getWorkflowExecution("WF-999999999")).rejects.toThrow("Failed to fetch workflow");
      const foreign = await B.fixtures("recruiter").queuedRun();
      await expect(client.getWorkflowExecution(foreign.publicId)).rejects.toThrow("Failed to fetch workflow");
    });
  });

  describe("POST /api/matching/batch", () => {
    it("202 with the run; without resume_ids every live resume is matched", async () => {
      const t = ctx();
      const org = await makeApiWorld(t.handle);
      const orgId = org.tenant.org.id;
      await withTenant(t.db, orgId, async (tx) => {
        await makeResume(tx, { orgId });
        await makeResume(tx, { orgId, isDeleted: true, deletedAt: new Date() });
      });
      const res = await call(routes.batch.POST, "POST", {
        as: org.tenant.manager,
        body: { jd_id: org.jd.id },
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        success: true,
        message: "Workflow started for 2 resumes",
        data: {
          workflow_id: expect.stringMatching(WF),
          jd_id: org.jd.id,
          total_resumes: 2,
          status: "pending",
        },
      });
      const run = await readRun(t.db, (res.body.data as { workflow_id: string }).workflow_id);
      expect(run).toMatchObject({
        startedBy: org.tenant.manager.userId,
        jdId: org.jd.id,
        channel: "api",
        totalResumes: 2,
      });
      const [audit] = await query<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from audit_logs where org_id = ${orgId} and action = 'run.start' and resource_id = ${run.publicId}`,
      );
      expect(audit?.n).toBe(1);
    });

    it("a session cookie starts a web run", async () => {
      const res = await call(routes.batch.POST, "POST", {
        as: A.tenant.recruiter,
        viaCookie: true,
        body: { jd_id: A.jd.publicId, resume_ids: [A.resume.id] },
      });
      expect(res.status).toBe(202);
      const run = await readRun(ctx().db, (res.body.data as { workflow_id: string }).workflow_id);
      expect(run.channel).toBe("web");
    });

    const cases: {
      name: string;
      body?: () => unknown;
      raw?: () => { body: BodyInit; type?: string };
      as?: () => Caller | null;
      viaCookie?: boolean;
      headers?: Record<string, string>;
      status: number;
      error: () => unknown;
    }[] = [
      {
        name: "missing jd_id",
        body: () => ({}),
        status: 400,
        error: () =>
          errorBody("validation_error", "Invalid body", [{ path: "body.jd_id", message: "Invalid input" }]),
      },
      {
        name: "unknown field",
        body: () => ({ jd_id: A.jd.publicId, priority: "high" }),
        status: 400,
        error: () =>
          errorBody("validation_error", "Invalid body", [
            { path: "body", message: 'Unrecognized key: "priority"' },
          ]),
      },
      {
        name: "resume id that is not a uuid",
        body: () => ({ jd_id: A.jd.publicId, resume_ids: ["abc"] }),
        status: 400,
        error: () =>
          errorBody("validation_error", "Invalid body", [
            { path: "body.resume_ids.0", message: "Invalid UUID" },
          ]),
      },
      {
        name: "empty resume_ids",
        body: () => ({ jd_id: A.jd.publicId, resume_ids: [] }),
        status: 400,
        error: () =>
          errorBody("validation_error", "Invalid body", [
            { path: "body.resume_ids", message: "Too small: expected array to have >=1 items" },
          ]),
      },
      {
        name: "force_reprocess not a boolean",
        body: () => ({ jd_id: A.jd.publicId, force_reprocess: "yes" }),
        status: 400,
        error: () =>
          errorBody("validation_error", "Invalid body", [
            { path: "body.force_reprocess", message: "Invalid input: expected boolean, received string" },
          ]),
      },
      {
        name: "body that is not JSON",
        raw: () => ({ body: "{jd_id:", type: "application/json" }),
        status: 400,
        error: () => errorBody("bad_request", "Body is not valid JSON"),
      },
      {
        name: "form body",
        raw: () => ({ body: "jd_id=JD-1", type: "application/x-www-form-urlencoded" }),
        status: 415,
        error: () => errorBody("unsupported_media_type", "Send the body as application/json"),
      },
      {
        name: "body over 1 MiB",
        raw: () => ({
          body: JSON.stringify({ jd_id: A.jd.publicId, pad: "x".repeat(1024 * 1024) }),
          type: "application/json",
        }),
        status: 413,
        error: () => errorBody("payload_too_large", "Body exceeds 1048576 bytes"),
      },
      {
        name: "unknown job",
        body: () => ({ jd_id: "JD-999999999" }),
        status: 404,
        error: () => errorBody("not_found", "Job description not found"),
      },
      {
        name: "another organization's job",
        body: () => ({ jd_id: B.jd.publicId }),
        status: 404,
        error: () => errorBody("not_found", "Job description not found"),
      },
      {
        name: "another organization's resume",
        body: () => ({ jd_id: A.jd.publicId, resume_ids: [A.resume.id, B.resume.id] }),
        status: 404,
        error: () =>
          errorBody("not_found", "1 resume(s) not found", [
            { path: "body.resume_ids.1", message: `resume ${B.resume.id} not found` },
          ]),
      },
      {
        name: "no authentication",
        body: () => ({ jd_id: A.jd.publicId }),
        as: () => null,
        status: 401,
        error: () => unauthorized,
      },
      {
        name: "a revoked or made-up token",
        body: () => ({ jd_id: A.jd.publicId }),
        as: () => null,
        headers: { authorization: "Bearer rl_not-a-real-token" },
        status: 401,
        error: () => errorBody("unauthorized", "Invalid or revoked API token"),
      },
      {
        name: "an analyst",
        body: () => ({ jd_id: A.jd.publicId }),
        as: () => A.tenant.analyst,
        status: 403,
        error: () => forbidden("analyst"),
      },
      {
        name: "a cookie request from another site",
        body: () => ({ jd_id: A.jd.publicId }),
        viaCookie: true,
        headers: { origin: "https://evil.example" },
        status: 403,
        error: () => errorBody("forbidden", "Cross-origin request refused"),
      },
    ];

    for (const c of cases) {
      it(`${c.status} for ${c.name}, and nothing is written`, async () => {
        const before = await runCount(A.tenant.org.id);
        const raw = c.raw?.();
        const res = await call(routes.batch.POST, "POST", {
          as: c.as ? c.as() : A.tenant.recruiter,
          viaCookie: c.viaCookie,
          body: c.body?.(),
          rawBody: raw?.body,
          headers: { ...(raw?.type ? { "content-type": raw.type } : {}), ...c.headers },
        });
        expect(res.status).toBe(c.status);
        expect(res.body).toEqual(c.error());
        expect(await runCount(A.tenant.org.id)).toBe(before);
      });
    }

    it("404 for a deleted job; 422 when the organization has no resumes", async () => {
      const t = ctx();
      const org = await makeApiWorld(t.handle);
      const orgId = org.tenant.org.id;
      const deleted = await withTenant(t.db, orgId, (tx) =>
        makeJobDescription(tx, { orgId, isDeleted: true, deletedAt: new Date() }),
      );
      const gone = await call(routes.batch.POST, "POST", {
        as: org.tenant.admin,
        body: { jd_id: deleted.publicId },
      });
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual(errorBody("not_found", "Job description not found"));
      await withTenant(t.db, orgId, (tx) =>
        tx.execute(sql`update resumes set is_deleted = true, deleted_at = now() where org_id = ${orgId}`),
      );
      const none = await call(routes.batch.POST, "POST", {
        as: org.tenant.admin,
        body: { jd_id: org.jd.publicId },
      });
      expect(none.status).toBe(422);
      expect(none.body).toEqual(
        errorBody("unprocessable", "There are no resumes to match; upload some first"),
      );
    });
  });

  async function runCount(orgId: string): Promise<number> {
    const rows = await ctx()
      .db.select({ n: sql<number>`count(*)::int` })
      .from(workflowRuns)
      .where(eq(workflowRuns.orgId, orgId));
    return rows[0]?.n ?? 0;
  }

  describe("GET /api/workflow/executions", () => {
    let W: ApiWorld;
    let mine: string[]; // the recruiter's runs, newest first
    let jdRuns: string[];

    beforeAll(async () => {
      const t = ctx();
      W = await makeApiWorld(t.handle);
      const rec = actorOf(W.tenant.recruiter);
      const started: string[] = [];
      for (let i = 0; i < 13; i++) {
        const run = await start(t.db, rec, W.workflowId, {
          channel: i % 3 === 0 ? "voice" : "api",
          title: `Run ${i} ${i === 7 ? "needle" : ""}`.trim(),
          context: { correlation_id: `c-${i}`, batch: i % 2 },
          ...(i >= 10 ? { jdId: W.jd.id, jdTitle: W.jd.title } : {}),
        });
        started.push(run.publicId);
      }
      // spread creation times one minute apart (oldest first) so date filters and order are testable
      for (const [i, id] of started.entries()) {
        await t.db.execute(
          sql`update workflow_runs set created_at = '2030-01-01T00:00:00Z'::timestamptz + ${`${i} minutes`}::interval where public_id = ${id}`,
        );
      }
      // one failed, one cancelled
      await withTenant(t.db, W.tenant.org.id, (tx) =>
        tx.execute(sql`update workflow_runs set status = 'failed' where public_id = ${started[1]!}`),
      );
      await withTenant(t.db, W.tenant.org.id, (tx) =>
        tx.execute(sql`update workflow_runs set status = 'cancelled' where public_id = ${started[2]!}`),
      );
      mine = [...started].reverse();
      jdRuns = started.slice(10).reverse();
      // the manager's own run, visible with scope=org only
      await start(t.db, actorOf(W.tenant.manager), W.workflowId, { channel: "api" });
    });

    const list = (query: Record<string, string | string[]>, as: Caller = W.tenant.recruiter) =>
      call(routes.executions.GET, "GET", { as, query });
    const ids = (body: Record<string, unknown>) =>
      (body.workflows as { workflow_id: string }[]).map((w) => w.workflow_id);

    it("defaults: the caller's runs, newest first, 10 a page, total is the real count", async () => {
      const res = await list({});
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(mine.slice(0, 10));
      expect(res.body.total).toBe(13);
      expect(res.body.next_cursor).toEqual(expect.any(String));
    });

    it("skip and limit page like the seed (limit 1–50)", async () => {
      expect(ids((await list({ skip: "10", limit: "10" })).body)).toEqual(mine.slice(10));
      const one = await list({ skip: "3", limit: "1" });
      expect(ids(one.body)).toEqual([mine[3]]);
      expect(one.body.total).toBe(13);
      expect(ids((await list({ limit: "50" })).body)).toEqual(mine);
      expect((await list({ skip: "100" })).body).toMatchObject({
        workflows: [],
        total: 13,
        next_cursor: null,
      });
    });

    it("keyset cursor pages cover every run once", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res = await list({ limit: "4", ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(13);
        seen.push(...ids(res.body));
        cursor = res.body.next_cursor as string | null;
        if (!cursor) break;
      }
      expect(seen).toEqual(mine);
    });

    it("keyset cursor keeps PostgreSQL's microseconds: runs within one millisecond are neither skipped nor repeated", async () => {
      // the three newest runs share one millisecond and differ only in microseconds
      const t = ctx();
      for (const [i, micros] of [
        [0, "000300"],
        [1, "000200"],
        [2, "000100"],
      ] as const) {
        await t.db.execute(
          sql`update workflow_runs set created_at = ${`2030-01-01T00:12:00.${micros}Z`}::timestamptz where public_id = ${mine[i]!}`,
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await list({ limit: "1", ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...ids(res.body));
        cursor = res.body.next_cursor as string | null;
        if (!cursor) break;
      }
      expect(seen).toEqual(mine);
    });

    const filterCases: [string, Record<string, string | string[]>, (all: string[]) => string[]][] = [
      ["status", { status: "failed" }, (m) => [m[11]!]],
      ["status, comma-separated", { status: "failed,cancelled" }, (m) => [m[10]!, m[11]!]],
      ["status, repeated", { status: ["failed", "cancelled"] }, (m) => [m[10]!, m[11]!]],
      ["channel", { channel: "voice" }, (m) => m.filter((_, i) => (12 - i) % 3 === 0)],
      ["q (title)", { q: "needle" }, (m) => [m[5]!]],
      ["q (public id)", { q: "__ID__" }, (m) => [m[0]!]],
      ["context containment", { context: '{"correlation_id":"c-4"}' }, (m) => [m[8]!]],
      [
        "context containment, several runs",
        { context: '{"batch":1}' },
        (m) => m.filter((_, i) => (12 - i) % 2 === 1),
      ],
      ["from (inclusive)", { from: "2030-01-01T00:10:00Z" }, (m) => m.slice(0, 3)],
      ["to (inclusive)", { to: "2030-01-01T00:01:00Z" }, (m) => m.slice(11)],
      ["from and to", { from: "2030-01-01T00:05:00Z", to: "2030-01-01T00:06:00Z" }, (m) => [m[6]!, m[7]!]],
      ["to, a date: the whole day (UTC)", { to: "2030-01-01" }, (m) => m],
      ["from, a date: from the start of the day (UTC)", { from: "2030-01-02" }, () => []],
    ];
    for (const [name, query, expected] of filterCases) {
      it(`filter: ${name}`, async () => {
        const q = { ...query };
        if (q.q === "__ID__") q.q = mine[0]!;
        const res = await list({ ...q, limit: "50" });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(ids(res.body)).toEqual(expected(mine));
        expect(res.body.total).toBe(expected(mine).length);
      });
    }

    it("filter: jd_id by public id or uuid, workflow, started_by", async () => {
      expect(ids((await list({ jd_id: W.jd.publicId })).body)).toEqual(jdRuns);
      expect(ids((await list({ jd_id: W.jd.id })).body)).toEqual(jdRuns);
      expect((await list({ jd_id: B.jd.publicId })).body).toMatchObject({ workflows: [], total: 0 });
      expect((await list({ workflow: W.workflowId, limit: "50" })).body.total).toBe(13);
      expect((await list({ workflow: B.workflowId })).body.total).toBe(0);
      const byManager = await list({ scope: "org", started_by: W.tenant.manager.userId }, W.tenant.admin);
      expect(byManager.body.total).toBe(1);
    });

    it("scope=org: admin, manager and analyst see everyone's runs; a recruiter is refused", async () => {
      for (const role of ["admin", "manager", "analyst"] as const) {
        const res = await list({ scope: "org" }, W.tenant[role]);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(14);
      }
      const refused = await list({ scope: "org" });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(
        errorBody("forbidden", "Your role (recruiter) may only list its own runs"),
      );
      // scope=mine for a manager is their own run only
      expect((await list({}, W.tenant.manager)).body.total).toBe(1);
    });

    it("other sorts page with skip, and (issue 9) by their own keyset cursor", async () => {
      const titles = (body: Record<string, unknown>) =>
        (body.workflows as { title: string }[]).map((w) => w.title);
      const res = await list({ sort: "title", limit: "3" });
      expect(titles(res.body)).toEqual(["Run 0", "Run 1", "Run 10"]);
      expect(res.body.next_cursor).toEqual(expect.any(String));
      const next = await list({ sort: "title", limit: "3", cursor: res.body.next_cursor as string });
      expect(titles(next.body)).toEqual(["Run 11", "Run 12", "Run 2"]);
      expect(titles((await list({ sort: "title", limit: "3", skip: "3" })).body)).toEqual(titles(next.body));
    });

    it("400 for a cursor made for another sort, and for skip beyond the bound (page with the cursor)", async () => {
      const first = await list({ limit: "2" });
      const res = await list({ sort: "title", cursor: first.body.next_cursor as string });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        errorBody("validation_error", "Invalid query", [
          {
            path: "query.cursor",
            message: "this cursor pages sort=-created_at; start again without cursor to page sort=title",
          },
        ]),
      );
      expect((await list({ skip: "10000" })).status).toBe(200);
      const deep = await list({ skip: "10001" });
      expect(deep.status).toBe(400);
      expect(deep.body).toEqual(
        errorBody("validation_error", "Invalid query", [
          {
            path: "query.skip",
            message: "must be at most 10000: page further with cursor (next_cursor of the previous page)",
          },
        ]),
      );
    });

    const invalid: [string, Record<string, string | string[]>, { path: string; message: string }[]][] = [
      ["limit 0", { limit: "0" }, [{ path: "query.limit", message: "Too small: expected number to be >=1" }]],
      [
        "limit 51",
        { limit: "51" },
        [{ path: "query.limit", message: "Too big: expected number to be <=50" }],
      ],
      ["skip -1", { skip: "-1" }, [{ path: "query.skip", message: "Too small: expected number to be >=0" }]],
      [
        "unknown status",
        { status: "done" },
        [{ path: "query.status.0", message: expect.stringContaining("Invalid option") }],
      ],
      ["unknown parameter", { page: "2" }, [{ path: "query", message: 'Unrecognized key: "page"' }]],
      [
        "context that is not an object",
        { context: "[1]" },
        [{ path: "query.context", message: 'must be a JSON object, e.g. {"correlation_id":"xyz789"}' }],
      ],
      [
        "context with a NUL character",
        { context: '{"a":"\\u0000"}' },
        [{ path: "query.context", message: "text must not contain NUL characters or unpaired surrogates" }],
      ],
      [
        "q with a NUL character",
        { q: "a\u0000b" },
        [{ path: "query.q", message: "must not contain NUL characters or unpaired surrogates" }],
      ],
      ["bad from", { from: "yesterday" }, [{ path: "query.from", message: "Invalid input" }]],
      [
        "a cursor this API did not make",
        { cursor: "bm90LWEtY3Vyc29y" },
        [
          {
            path: "query.cursor",
            message: "not a cursor this API returned (use next_cursor of the previous page)",
          },
        ],
      ],
      [
        "a cursor this API did not make, with another sort",
        { cursor: "x", sort: "title" },
        [
          {
            path: "query.cursor",
            message: "not a cursor this API returned (use next_cursor of the previous page)",
          },
        ],
      ],
    ];
    for (const [name, query, details] of invalid) {
      it(`400 for ${name}`, async () => {
        const res = await list(query);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(errorBody("validation_error", "Invalid query", details));
      });
    }

    it("401 without authentication", async () => {
      const res = await call(routes.executions.GET, "GET", {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual(unauthorized);
    });
  });

  describe("GET /api/workflow/executions/{workflowId}", () => {
    it("by public id or uuid; 404 for unknown, foreign and other users' runs; 400 for malformed ids", async () => {
      const fx = A.fixtures("recruiter");
      const run = await fx.queuedRun();
      const byPublic = await call(routes.run.GET, "GET", {
        as: A.tenant.recruiter,
        params: { workflowId: run.publicId },
      });
      expect(byPublic.status).toBe(200);
      expect(byPublic.body).toMatchObject({
        workflow_id: run.publicId,
        id: run.id,
        status: "active",
        channel: "api",
        context: { seed: true },
        endpoints_used: [],
        started_by: A.tenant.recruiter.userId,
        started_by_name: expect.any(String),
        workflow: { id: A.workflowId, name: expect.any(String), version: 1 },
        rerun_of: null,
        reruns: [],
        agents: [],
        progress: { completed_steps: 0, total_steps: 2, percentage: 0 },
        steps: [
          expect.objectContaining({
            step_number: 1,
            step_type: "external",
            status: "queued",
            screenshots: [],
          }),
          expect.objectContaining({ step_number: 2, step_type: "external", status: "pending" }),
        ],
        matches: [],
      });
      const byUuid = await call(routes.run.GET, "GET", {
        as: A.tenant.recruiter,
        params: { workflowId: run.id },
      });
      expect(byUuid.body).toEqual(byPublic.body);

      for (const [as, workflowId] of [
        [A.tenant.recruiter, "WF-999999999"],
        [A.tenant.recruiter, "00000000-0000-4000-8000-000000000000"],
        [A.tenant.admin, (await B.fixtures("admin").queuedRun()).publicId],
        [A.tenant.recruiter, (await A.fixtures("manager").queuedRun()).publicId],
      ] as const) {
        const res = await call(routes.run.GET, "GET", { as, params: { workflowId } });
        expect(res.status).toBe(404);
        expect(res.body).toEqual(runNotFound);
      }
      const malformed = await call(routes.run.GET, "GET", {
        as: A.tenant.admin,
        params: { workflowId: "abc" },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual(
        errorBody("validation_error", "Invalid params", [
          { path: "params.workflowId", message: "Invalid input" },
        ]),
      );
      // the manager's run is visible to its org readers
      const managers = await A.fixtures("manager").queuedRun();
      for (const role of ["admin", "analyst"] as const) {
        const res = await call(routes.run.GET, "GET", {
          as: A.tenant[role],
          params: { workflowId: managers.publicId },
        });
        expect(res.status).toBe(200);
      }
    });

    it("a recruiter listed as an approver sees the run they decide on", async () => {
      const approval = await A.fixtures("manager").approvalRun();
      const res = await call(routes.run.GET, "GET", {
        as: A.tenant.recruiter,
        params: { workflowId: approval.publicId },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ workflow_id: approval.publicId, status: "waiting" });
    });
  });

  describe("PUT /api/workflow/executions/{workflowId}/status", () => {
    const put = (as: Caller, workflowId: string, body: unknown) =>
      call(routes.status.PUT, "PUT", { as, params: { workflowId }, body });

    it("cancelled: the run and its open steps end, with the reason", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const res = await put(A.tenant.recruiter, run.publicId, { status: "cancelled", error: "duplicate" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        success: true,
        message: "Workflow updated",
        data: {
          workflow_id: run.publicId,
          status: "cancelled",
          error: "Cancelled: duplicate",
          completed_at: expect.stringMatching(ISO),
          steps: [
            expect.objectContaining({ status: "cancelled" }),
            expect.objectContaining({ status: "skipped" }),
          ],
        },
      });
    });

    it("completed with results and metrics once no step is working; 409 while one is", async () => {
      const fx = A.fixtures("manager");
      const busy = await fx.runningRun();
      const refused = await put(A.tenant.manager, busy.publicId, { status: "completed" });
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual(
        errorBody("conflict", "1 step(s) are still in progress; complete or cancel them first"),
      );
      const failed = await put(A.tenant.manager, busy.publicId, {
        status: "failed",
        error: "voice line dropped",
        error_details: { sip: 503 },
        results: { good_matches: 1 },
        metrics: { match_rate: 12.5 },
      });
      expect(failed.status).toBe(200);
      expect(failed.body.data).toMatchObject({
        status: "failed",
        error: "voice line dropped",
        error_details: { sip: 503 },
        results: { good_matches: 1 },
        metrics: { match_rate: 12.5 },
      });
      const again = await put(A.tenant.manager, busy.publicId, { status: "completed" });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(
        errorBody("illegal_transition", 'run event "complete" is not allowed in status "failed"', {
          entity: "run",
          from: "failed",
          event: "complete",
        }),
      );

      // a run the executor tracks without steps (the seed's background task) completes outright
      const bare = await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        makeRun(tx, { orgId: A.tenant.org.id, startedBy: A.tenant.manager.userId, source: "external" }),
      );
      const done = await put(A.tenant.manager, bare.publicId, {
        status: "completed",
        results: { excellent_matches: 3, good_matches: 4, average_matches: 2, poor_matches: 1 },
        metrics: { total_candidates: 10, match_rate: 85.5, top_matches: 7 },
      });
      expect(done.status).toBe(200);
      expect(done.body.data).toMatchObject({
        workflow_id: bare.publicId,
        status: "completed",
        results: { excellent_matches: 3, good_matches: 4, average_matches: 2, poor_matches: 1 },
        metrics: { total_candidates: 10, match_rate: 85.5, top_matches: 7 },
        progress: { percentage: 100 },
        started_at: expect.stringMatching(ISO),
        completed_at: expect.stringMatching(ISO),
      });
    });

    it("409 illegal_transition for a run that already ended", async () => {
      const run = await A.fixtures("admin").completedRun();
      const res = await put(A.tenant.admin, run.publicId, { status: "failed", error: "late" });
      expect(res.status).toBe(409);
      expect(res.body).toEqual(
        errorBody("illegal_transition", 'run event "fail" is not allowed in status "completed"', {
          entity: "run",
          from: "completed",
          event: "fail",
        }),
      );
    });

    it("400 for statuses and fields the seed does not allow; 403 analyst; 404 foreign", async () => {
      const run = await A.fixtures("admin").queuedRun();
      const bad = await put(A.tenant.admin, run.publicId, { status: "in_progress" });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(
        errorBody("validation_error", "Invalid body", [
          {
            path: "body.status",
            message: 'Invalid option: expected one of "completed"|"failed"|"cancelled"',
          },
        ]),
      );
      const extra = await put(A.tenant.admin, run.publicId, { status: "completed", processed_resumes: 5 });
      expect(extra.body).toEqual(
        errorBody("validation_error", "Invalid body", [
          { path: "body", message: 'Unrecognized key: "processed_resumes"' },
        ]),
      );
      const analyst = await put(A.tenant.analyst, run.publicId, { status: "cancelled" });
      expect(analyst.status).toBe(403);
      expect(analyst.body).toEqual(forbidden("analyst"));
      const foreign = await put(B.tenant.admin, run.publicId, { status: "cancelled" });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(runNotFound);
      expect((await readRun(ctx().db, run.id)).status).toBe("active");
    });
  });

  describe("GET /api/workflow/status", () => {
    it("pending agents before any run; the latest run's agents after", async () => {
      const t = ctx();
      const org = await makeApiWorld(t.handle);
      const empty = await call(routes.workflowStatus.GET, "GET", { as: org.tenant.recruiter });
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({
        success: true,
        workflow_id: null,
        status: null,
        agents: ["resume-extractor", "jd-reader", "resume-reader", "hr-comparator"].map((agent_id) => ({
          agent_id,
          status: "pending",
        })),
        progress: { completed_agents: 0, total_agents: 4, percentage: 0 },
        metrics: null,
        results: null,
        jdId: null,
        jdTitle: null,
      });
      const started = await call(routes.batch.POST, "POST", {
        as: org.tenant.recruiter,
        body: { jd_id: org.jd.publicId, resume_ids: [org.resume.id] },
      });
      const after = await call(routes.workflowStatus.GET, "GET", { as: org.tenant.recruiter });
      expect(after.body).toMatchObject({
        success: true,
        workflow_id: (started.body.data as { workflow_id: string }).workflow_id,
        status: "pending",
        progress: { completed_agents: 0, total_agents: 4, percentage: 0 },
        jdId: org.jd.publicId,
        jdTitle: org.jd.title,
      });
      expect((after.body.agents as { agent_id: string }[]).map((a) => a.agent_id)).toEqual([
        "resume-extractor",
        "jd-reader",
        "resume-reader",
        "hr-comparator",
      ]);
      // another user's latest run is not the caller's dashboard
      const other = await call(routes.workflowStatus.GET, "GET", { as: org.tenant.manager });
      expect(other.body.workflow_id).toBeNull();
    });
  });

  describe("Idempotency-Key on creates", () => {
    const creates = [
      {
        name: "POST /api/matching/batch",
        path: "/api/matching/batch",
        handler: () => routes.batch.POST,
        body: () => ({ jd_id: A.jd.publicId, resume_ids: [A.resume.id] }),
        other: () => ({ jd_id: A.jd.publicId, resume_ids: [A.resume.id], force_reprocess: true }),
        status: 202,
        id: (b: Record<string, unknown>) => (b.data as { workflow_id: string }).workflow_id,
      },
      {
        name: "POST /api/workflow/executions",
        path: "/api/workflow/executions",
        handler: () => routes.executions.POST,
        body: () => ({ workflow_id: A.workflowId, channel: "efax", external_id: "FAX-1" }),
        other: () => ({ workflow_id: A.workflowId, channel: "efax", external_id: "FAX-2" }),
        status: 201,
        id: (b: Record<string, unknown>) => b.workflow_id as string,
      },
    ];

    for (const c of creates) {
      describe(c.name, () => {
        const send = (key: string, body: unknown, as: Caller = A.tenant.recruiter) =>
          call(c.handler(), "POST", { as, path: c.path, body, headers: { "idempotency-key": key } });

        it("the same key and body replay the stored response; one run is created", async () => {
          const key = `k-${c.path.length}-${Date.now()}`;
          const before = await runCount(A.tenant.org.id);
          const first = await send(key, c.body());
          expect(first.status).toBe(c.status);
          expect(first.headers.get("idempotent-replayed")).toBeNull();
          const second = await send(key, c.body());
          expect(second.status).toBe(c.status);
          expect(second.headers.get("idempotent-replayed")).toBe("true");
          expect(second.body).toEqual(first.body);
          expect(await runCount(A.tenant.org.id)).toBe(before + 1);
        });

        it("the same key with another body is 422; nothing is created", async () => {
          const key = `k2-${c.path.length}-${Date.now()}`;
          await send(key, c.body());
          const before = await runCount(A.tenant.org.id);
          const res = await send(key, c.other());
          expect(res.status).toBe(422);
          expect(res.body).toEqual(
            errorBody("unprocessable", "This Idempotency-Key was used with a different request"),
          );
          expect(await runCount(A.tenant.org.id)).toBe(before);
        });

        it("a request still in flight with the key is 409", async () => {
          const key = `k3-${c.path.length}-${Date.now()}`;
          const raw = JSON.stringify(c.body());
          await withTenant(ctx().db, A.tenant.org.id, (tx) =>
            tx.insert(idempotencyKeys).values({
              orgId: A.tenant.org.id,
              principal: tokenIdOf(A.tenant.recruiter),
              key,
              method: "POST",
              path: c.path,
              requestHash: requestHash("POST", c.path, raw),
              state: "in_flight",
            }),
          );
          const before = await runCount(A.tenant.org.id);
          const res = await send(key, c.body());
          expect(res.status).toBe(409);
          expect(res.body).toEqual(
            errorBody("conflict", "A request with this Idempotency-Key is still in progress"),
          );
          expect(await runCount(A.tenant.org.id)).toBe(before);
        });

        it("keys are scoped per caller: another caller's same key creates its own run", async () => {
          const key = `k4-${c.path.length}-${Date.now()}`;
          const mine = await send(key, c.body());
          const theirs = await send(key, c.body(), A.tenant.manager);
          expect(theirs.status).toBe(c.status);
          expect(theirs.headers.get("idempotent-replayed")).toBeNull();
          expect(c.id(theirs.body)).not.toBe(c.id(mine.body));
        });

        it("a failed request releases its key; a malformed key is 400", async () => {
          const key = `k5-${c.path.length}-${Date.now()}`;
          const failed = await send(key, { ...c.body(), unexpected: true });
          expect(failed.status).toBe(400);
          const ok = await send(key, c.body());
          expect(ok.status).toBe(c.status);
          const bad = await send("has spaces", c.body());
          expect(bad.status).toBe(400);
          expect(bad.body).toEqual(
            errorBody("validation_error", "Idempotency-Key must be 1–200 letters, digits or . _ : -"),
          );
        });
      });
    }
  });

  /** The idempotency scope of a Bearer caller is its token's id. */
  function tokenIdOf(caller: Caller): string {
    const id = tokenIds.get(caller.token);
    if (!id) throw new Error("token id not loaded");
    return id;
  }
  const tokenIds = new Map<string, string>();
  beforeAll(async () => {
    const { hashToken } = await import("@/lib/auth/tokens");
    for (const caller of [A.tenant.recruiter, A.tenant.manager]) {
      const [row] = await query<{ id: string }>(
        ctx().db,
        sql`select id from api_tokens where token_hash = ${hashToken(caller.token)}`,
      );
      tokenIds.set(caller.token, row!.id);
    }
  });
});
