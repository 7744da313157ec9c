// Bulk cancel and rerun (ids or the run list's filters, capped at 500), the approvals inbox, and the
// retention endpoint.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizations, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { call, useTestDb } from "../../helpers/api";
import { describeDrivers, query } from "../../helpers/db";
import { makeCacheEntry, makeIdempotencyKey, makeRun } from "../../helpers/factories";
import {
  actorOf,
  type ApiWorld,
  auditOf,
  errorBody,
  externalWorkflow,
  forbidden,
  ISO,
  invalid,
  makeApiWorld,
  readRun,
  rejectionKit,
  routes,
  start,
  unauthorized,
  WF,
} from "../../helpers/runs-api";

describeDrivers("execution API: bulk actions, approvals inbox, retention", (ctx) => {
  let A: ApiWorld;
  let B: ApiWorld;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    A = await makeApiWorld(ctx().handle);
    B = await makeApiWorld(ctx().handle);
  });

  const { rejects } = rejectionKit(
    () => ctx().db,
    () => ({ A, B }),
  );

  // ── bulk ────────────────────────────────────────────────────────────────────────────────────────
  describe("POST /api/workflow/executions/bulk/cancel", () => {
    it("by ids: one outcome per run, in order; a run that cannot be cancelled fails alone", async () => {
      const fx = A.fixtures("manager");
      const [a, b, done, foreign] = [
        await fx.queuedRun(),
        await fx.runningRun(),
        await fx.completedRun(),
        await B.fixtures("admin").queuedRun(),
      ];
      const res = await call(routes.bulkCancel.POST, "POST", {
        as: A.tenant.manager,
        body: { ids: [a.publicId, b.id, done.publicId, foreign.publicId, "WF-999999999", a.publicId] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        action: "cancel",
        matched: 5,
        processed: 5,
        succeeded: 2,
        failed: 3,
        limit: 500,
        capped: false,
        results: [
          { workflow_id: a.publicId, ok: true },
          { workflow_id: b.publicId, ok: true },
          {
            workflow_id: done.publicId,
            ok: false,
            error: {
              code: "illegal_transition",
              message: 'run event "cancel" is not allowed in status "completed"',
            },
          },
          {
            workflow_id: foreign.publicId,
            ok: false,
            error: { code: "not_found", message: "Run not found" },
          },
          { workflow_id: "WF-999999999", ok: false, error: { code: "not_found", message: "Run not found" } },
        ],
      });
      expect((await readRun(ctx().db, a.id)).status).toBe("cancelled");
      expect((await readRun(ctx().db, b.id)).status).toBe("cancelled");
      expect((await readRun(ctx().db, foreign.id)).status).toBe("active");
      const [entry] = (await auditOf(ctx().db, A.tenant.org.id, "run.bulk_cancel")).slice(-1);
      expect(entry?.details).toEqual({
        action: "cancel",
        matched: 5,
        processed: 5,
        succeeded: 2,
        failed: 3,
        limit: 500,
        capped: false,
        by: "ids",
      });
      // and each cancel is audited on its own
      expect(
        (await auditOf(ctx().db, A.tenant.org.id, "run.cancel")).filter((e) =>
          [a.publicId, b.publicId].includes(e.resourceId ?? ""),
        ),
      ).toHaveLength(2);
    });

    it("by filter: the run list's filters select the runs (scope, status, context)", async () => {
      const W = await makeApiWorld(ctx().handle);
      const mgr = actorOf(W.tenant.manager);
      const tagged = [
        await start(ctx().db, mgr, W.workflowId, { context: { campaign: "spring" } }),
        await start(ctx().db, mgr, W.workflowId, { context: { campaign: "spring" } }),
      ];
      await start(ctx().db, mgr, W.workflowId, { context: { campaign: "autumn" } });
      const recruiters = await start(ctx().db, actorOf(W.tenant.recruiter), W.workflowId, {
        context: { campaign: "spring" },
      });
      const mine = await call(routes.bulkCancel.POST, "POST", {
        as: W.tenant.manager,
        body: { filter: { status: ["active"], context: { campaign: "spring" } } },
      });
      expect(mine.body).toMatchObject({ matched: 2, processed: 2, succeeded: 2, capped: false });
      expect((mine.body.results as { workflow_id: string }[]).map((r) => r.workflow_id).sort()).toEqual(
        tagged.map((r) => r.publicId).sort(),
      );
      expect((await readRun(ctx().db, recruiters.id)).status).toBe("active");
      const org = await call(routes.bulkCancel.POST, "POST", {
        as: W.tenant.manager,
        body: { filter: { scope: "org", status: "active", context: { campaign: "spring" } } },
      });
      expect(org.body).toMatchObject({
        matched: 1,
        succeeded: 1,
        results: [{ workflow_id: recruiters.publicId, ok: true }],
      });
    });

    it("a filter matching more than 500 runs processes the newest 500 and says so", async () => {
      const W = await makeApiWorld(ctx().handle);
      const orgId = W.tenant.org.id;
      await withTenant(ctx().db, orgId, (tx) =>
        tx.execute(sql`insert into workflow_runs (org_id, title, started_by, status, context, created_at)
          select ${orgId}, 'bulk ' || g, ${W.tenant.admin.userId}, 'pending', '{"bulk": true}'::jsonb,
                 now() - (g || ' seconds')::interval
          from generate_series(1, 503) g`),
      );
      const res = await call(routes.bulkCancel.POST, "POST", {
        as: W.tenant.admin,
        body: { filter: { context: { bulk: true } } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        action: "cancel",
        matched: 503,
        processed: 500,
        succeeded: 500,
        failed: 0,
        limit: 500,
        capped: true,
      });
      const left = await query<{ title: string }>(
        ctx().db,
        sql`select title from workflow_runs where org_id = ${orgId} and status = 'pending' order by created_at desc`,
      );
      expect(left.map((r) => r.title)).toEqual(["bulk 501", "bulk 502", "bulk 503"]);
    }, 600_000);

    it("400 for bodies that are not exactly one of ids or filter", async () => {
      const bulk = (body: unknown, details: { path: string; message: string }[]) =>
        rejects(routes.bulkCancel.POST, "POST", { as: A.tenant.admin, body }, 400, invalid("body", details));
      const either = [{ path: "body", message: "send either ids or filter, not both and not neither" }];
      await bulk({}, either);
      await bulk({ ids: ["WF-000001"], filter: {} }, either);
      await bulk({ ids: [] }, [{ path: "body.ids", message: "Too small: expected array to have >=1 items" }]);
      await bulk({ ids: Array.from({ length: 501 }, (_, i) => `WF-${i + 1}`) }, [
        { path: "body.ids", message: "Too big: expected array to have <=500 items" },
      ]);
      await bulk({ ids: ["run-1"] }, [{ path: "body.ids.0", message: "Invalid input" }]);
      await bulk({ filter: { status: "bogus" } }, [
        {
          path: "body.filter.status.0",
          message:
            'Invalid option: expected one of "pending"|"active"|"waiting"|"completed"|"failed"|"cancelled"|"timeout"',
        },
      ]);
      await bulk({ filter: { owner: "me" } }, [
        { path: "body.filter", message: 'Unrecognized key: "owner"' },
      ]);
      await bulk({ filter: { context: { a: "\u0000" } } }, [
        {
          path: "body.filter.context.a",
          message: "text must not contain NUL characters or unpaired surrogates",
        },
      ]);
    });

    it("403 for recruiters and analysts; 401 without authentication", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      for (const role of ["recruiter", "analyst"] as const) {
        await rejects(
          routes.bulkCancel.POST,
          "POST",
          { as: A.tenant[role], body: { ids: [run.publicId] } },
          403,
          forbidden(role),
        );
      }
      await rejects(routes.bulkCancel.POST, "POST", { body: { ids: [run.publicId] } }, 401, unauthorized);
    });
  });

  describe("POST /api/workflow/executions/bulk/rerun", () => {
    it("each selected run gets a new run; failures are per run", async () => {
      const fx = A.fixtures("admin");
      const failed = await fx.failedRun();
      const orphan = await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        makeRun(tx, { orgId: A.tenant.org.id, startedBy: A.tenant.admin.userId, status: "failed" }),
      );
      const res = await call(routes.bulkRerun.POST, "POST", {
        as: A.tenant.admin,
        body: { ids: [failed.publicId, orphan.publicId] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        action: "rerun",
        matched: 2,
        processed: 2,
        succeeded: 1,
        failed: 1,
        capped: false,
        results: [
          { workflow_id: failed.publicId, ok: true, new_workflow_id: expect.stringMatching(WF) },
          {
            workflow_id: orphan.publicId,
            ok: false,
            error: { code: "conflict", message: "The run's workflow no longer exists" },
          },
        ],
      });
      const fresh = await readRun(
        ctx().db,
        (res.body.results as { new_workflow_id: string }[])[0]!.new_workflow_id,
      );
      expect(fresh).toMatchObject({ rerunOf: failed.id, workflowId: A.workflowId, status: "active" });
    });

    it("Idempotency-Key: a retried bulk rerun replays its answer", async () => {
      const failed = await A.fixtures("manager").failedRun();
      const send = () =>
        call(routes.bulkRerun.POST, "POST", {
          as: A.tenant.manager,
          path: "/api/workflow/executions/bulk/rerun",
          body: { ids: [failed.publicId] },
          headers: { "idempotency-key": `bulk-${failed.publicId}` },
        });
      const first = await send();
      const again = await send();
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      const reruns = await query<{ n: number }>(
        ctx().db,
        sql`select count(*)::int as n from workflow_runs where rerun_of = ${failed.id}`,
      );
      expect(reruns[0]?.n).toBe(1);
    });

    it("403 for recruiters", async () => {
      const failed = await A.fixtures("recruiter").failedRun();
      await rejects(
        routes.bulkRerun.POST,
        "POST",
        { as: A.tenant.recruiter, body: { ids: [failed.publicId] } },
        403,
        forbidden("recruiter"),
      );
    });
  });

  // ── approvals inbox ───────────────────────────────────────────────────────────────────────────
  describe("GET /api/approvals", () => {
    it("steps waiting for the caller, with run id, title and N-of-M progress; decided ones leave", async () => {
      const W = await makeApiWorld(ctx().handle);
      const { admin, manager, recruiter } = W.tenant;
      const twoOfThree = await externalWorkflow(ctx().db, W.tenant.org.id, [
        {
          stepName: "Hiring manager sign-off",
          requiredHumanApproval: true,
          numberOfApprovalsNeeded: 2,
          approvers: [admin.userId, manager.userId, recruiter.userId],
        },
      ]);
      const run = await start(ctx().db, actorOf(admin), twoOfThree, { title: "Offer for Ada" });
      const nobodyListed = await externalWorkflow(ctx().db, W.tenant.org.id, [
        { requiredHumanApproval: true },
      ]);
      const open = await start(ctx().db, actorOf(recruiter), nobodyListed, { title: "Open gate" });
      await start(ctx().db, actorOf(B.tenant.admin), B.approvalWorkflowId); // another organization's

      const inbox = (as = recruiter) => call(routes.approvals.GET, "GET", { as });
      const mine = await inbox();
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({
        total: 1,
        approvals: [
          {
            step_id: expect.any(String),
            step_number: 1,
            step_name: "Hiring manager sign-off",
            step_description: "external step 1",
            workflow_id: run.publicId,
            run_title: "Offer for Ada",
            run_status: "waiting",
            jd_title: null,
            started_by: admin.userId,
            started_by_name: expect.any(String),
            approvers: [admin.userId, manager.userId, recruiter.userId],
            approvals: { approved: 0, needed: 2, progress: "0 of 2" },
            waiting_since: expect.stringMatching(ISO),
          },
        ],
      });
      // the manager also decides on steps that list nobody
      const managers = await inbox(manager);
      expect((managers.body.approvals as { workflow_id: string }[]).map((a) => a.workflow_id)).toEqual([
        run.publicId,
        open.publicId,
      ]);
      expect(
        await call(routes.approvals.GET, "GET", { as: manager, query: { limit: "1" } }).then((r) => [
          (r.body.approvals as unknown[]).length,
          r.body.total,
        ]),
      ).toEqual([1, 2]);
      // one approval: progress moves; the approver's inbox no longer has it
      await call(routes.approve.POST, "POST", {
        as: manager,
        params: { workflowId: run.publicId, stepNumber: "1" },
        body: { decision: "approved" },
      });
      expect((await inbox()).body.approvals).toMatchObject([
        { approvals: { approved: 1, needed: 2, progress: "1 of 2" } },
      ]);
      expect((await inbox(manager)).body).toMatchObject({
        total: 1,
        approvals: [{ workflow_id: open.publicId }],
      });
    });

    it("403 for analysts; 400 for a bad limit; 401 without authentication", async () => {
      await rejects(routes.approvals.GET, "GET", { as: A.tenant.analyst }, 403, forbidden("analyst"));
      await rejects(
        routes.approvals.GET,
        "GET",
        { as: A.tenant.admin, query: { limit: "0" } },
        400,
        invalid("query", [{ path: "query.limit", message: "Too small: expected number to be >=1" }]),
      );
      await rejects(
        routes.approvals.GET,
        "GET",
        { as: A.tenant.admin, query: { mine: "true" } },
        400,
        invalid("query", [{ path: "query", message: 'Unrecognized key: "mine"' }]),
      );
      await rejects(routes.approvals.GET, "GET", {}, 401, unauthorized);
    });
  });

  // ── retention ─────────────────────────────────────────────────────────────────────────────────
  describe("POST /api/admin/retention", () => {
    it("deletes the organization's finished runs past its retention, and only those", async () => {
      const W = await makeApiWorld(ctx().handle);
      const orgId = W.tenant.org.id;
      await withTenant(ctx().db, orgId, (tx) =>
        tx.update(organizations).set({ retentionDays: 30 }).where(eq(organizations.id, orgId)),
      );
      const old = await W.fixtures("admin").completedRun();
      const oldOpen = await W.fixtures("admin").queuedRun();
      const recent = await W.fixtures("admin").completedRun();
      const foreignOld = await B.fixtures("admin").completedRun();
      for (const id of [old.id, oldOpen.id, foreignOld.id]) {
        await ctx().db.execute(
          sql`update workflow_runs set created_at = now() - interval '40 days', recorded_at = now() - interval '40 days' where id = ${id}`,
        );
      }
      await withTenant(ctx().db, orgId, async (tx) => {
        await makeCacheEntry(tx, { orgId, expiresAt: new Date(Date.now() - 60_000) });
        await makeIdempotencyKey(tx, { orgId, expiresAt: new Date(Date.now() - 60_000), key: randomUUID() });
      });

      const res = await call(routes.retention.POST, "POST", { as: W.tenant.admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        org_id: orgId,
        retention_days: 30,
        runs: 1,
        steps: 2,
        cache_entries: 1,
        idempotency_keys: 1,
      });
      const left = await ctx()
        .db.select({ id: workflowRuns.id })
        .from(workflowRuns)
        .where(eq(workflowRuns.orgId, orgId));
      const ids = left.map((r) => r.id);
      expect(ids).not.toContain(old.id);
      expect(ids).toEqual(expect.arrayContaining([oldOpen.id, recent.id]));
      expect((await readRun(ctx().db, foreignOld.id)).status).toBe("completed");
      const [entry] = (await auditOf(ctx().db, orgId, "retention.cleanup")).slice(-1);
      expect(entry).toMatchObject({ userId: W.tenant.admin.userId, details: { runs: 1, steps: 2 } });
    });

    it("keeps history forever by default: the cleanup deletes no run, however old", async () => {
      const W = await makeApiWorld(ctx().handle);
      const orgId = W.tenant.org.id;
      const ancient = await W.fixtures("admin").completedRun();
      await ctx().db.execute(
        sql`update workflow_runs set created_at = now() - interval '3000 days', recorded_at = now() - interval '3000 days' where id = ${ancient.id}`,
      );
      const res = await call(routes.retention.POST, "POST", { as: W.tenant.admin });
      expect(res.body).toMatchObject({ org_id: orgId, retention_days: null, runs: 0, steps: 0 });
      expect((await readRun(ctx().db, ancient.id)).status).toBe("completed");
      const [entry] = (await auditOf(ctx().db, orgId, "retention.cleanup")).slice(-1);
      expect(entry).toMatchObject({ details: { retention_days: null, runs: 0 } });
    });

    it("never deletes a run recorded in the last 30 days (an import of old history), and previews exactly what it deletes", async () => {
      const W = await makeApiWorld(ctx().handle);
      const orgId = W.tenant.org.id;
      await withTenant(ctx().db, orgId, (tx) =>
        tx.update(organizations).set({ retentionDays: 30 }).where(eq(organizations.id, orgId)),
      );
      const imported = await W.fixtures("admin").completedRun();
      const expired = await W.fixtures("admin").completedRun();
      const edge = await W.fixtures("admin").completedRun();
      // imported today with dates from two years ago
      await ctx().db.execute(
        sql`update workflow_runs set created_at = now() - interval '700 days' where id = ${imported.id}`,
      );
      await ctx().db.execute(
        sql`update workflow_runs set created_at = now() - interval '700 days', recorded_at = now() - interval '700 days' where id = ${expired.id}`,
      );
      await ctx().db.execute(
        sql`update workflow_runs set created_at = now() - interval '45 days', recorded_at = now() - interval '29 days' where id = ${edge.id}`,
      );
      const at = (days: number) =>
        call(routes.retention.GET, "GET", { as: W.tenant.admin, query: { days: String(days) } });
      expect((await at(30)).body).toEqual({ days: 30, runs: 1, recently_recorded_days: 30 });
      expect((await at(1000)).body).toMatchObject({ runs: 0 });
      expect((await at(0)).status).toBe(400);
      expect((await at(30.5)).status).toBe(400);
      await rejects(
        routes.retention.GET,
        "GET",
        { as: W.tenant.manager, query: { days: "30" } },
        403,
        forbidden("manager"),
      );

      const res = await call(routes.retention.POST, "POST", { as: W.tenant.admin });
      expect(res.body).toMatchObject({ retention_days: 30, runs: 1 });
      await expect(readRun(ctx().db, imported.id)).resolves.toMatchObject({ status: "completed" });
      await expect(readRun(ctx().db, edge.id)).resolves.toMatchObject({ status: "completed" });
      const gone = await ctx()
        .db.select({ id: workflowRuns.id })
        .from(workflowRuns)
        .where(eq(workflowRuns.id, expired.id));
      expect(gone).toEqual([]);
    });

    it("admins only", async () => {
      for (const role of ["manager", "recruiter", "analyst"] as const) {
        await rejects(routes.retention.POST, "POST", { as: A.tenant[role] }, 403, forbidden(role));
      }
      await rejects(routes.retention.POST, "POST", {}, 401, unauthorized);
      await rejects(
        routes.retention.POST,
        "POST",
        { as: A.tenant.admin, viaCookie: true, headers: { origin: "https://evil.example" } },
        403,
        errorBody("forbidden", "Cross-origin request refused"),
      );
    });
  });
});
