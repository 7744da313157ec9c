// Run operations: cancel, rerun, rerun-from, complete, context (whole and by key) and endpoints.
// Success bodies are asserted on their key fields; every error case asserts the exact error body and
// that nothing at all was written (the fingerprint of every table is unchanged).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/tenant";
import { type Caller, call, useTestDb } from "../../helpers/api";
import { describeDrivers, query } from "../../helpers/db";
import { makeRun } from "../../helpers/factories";
import {
  type ApiWorld,
  auditOf,
  closedRun,
  errorBody,
  ISO,
  invalid,
  makeApiWorld,
  readRun,
  readSteps,
  rejectionKit,
  routes,
  WF,
} from "../../helpers/runs-api";

describeDrivers("execution API: run operations", (ctx) => {
  let A: ApiWorld;
  let B: ApiWorld;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    A = await makeApiWorld(ctx().handle);
    B = await makeApiWorld(ctx().handle);
  });

  const { rejects, commonRejections } = rejectionKit(
    () => ctx().db,
    () => ({ A, B }),
  );
  const closed = closedRun;

  // ── cancel ──────────────────────────────────────────────────────────────────────────────────────
  describe("POST …/cancel", () => {
    const cancel = (as: Caller, workflowId: string, body: unknown = {}) =>
      call(routes.cancel.POST, "POST", { as, params: { workflowId }, body });

    it("200: the run and its open steps end; the reason is kept and audited", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const res = await cancel(A.tenant.recruiter, run.publicId, { reason: "candidate withdrew" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        workflow_id: run.publicId,
        status: "cancelled",
        error: "Cancelled: candidate withdrew",
        error_details: { cancelled_by: A.tenant.recruiter.userId },
        completed_at: expect.stringMatching(ISO),
        steps: [
          expect.objectContaining({ step_number: 1, status: "cancelled" }),
          expect.objectContaining({ step_number: 2, status: "skipped" }),
        ],
      });
      const [entry] = await auditOf(ctx().db, A.tenant.org.id, "run.cancel").then((r) =>
        r.filter((a) => a.resourceId === run.publicId),
      );
      expect(entry).toMatchObject({
        userId: A.tenant.recruiter.userId,
        apiTokenId: expect.any(String),
        details: { reason: "candidate withdrew" },
      });
    });

    it("200 without a reason (uuid reference, session cookie)", async () => {
      const run = await A.fixtures("manager").queuedRun();
      const res = await call(routes.cancel.POST, "POST", {
        as: A.tenant.manager,
        viaCookie: true,
        params: { workflowId: run.id },
        body: {},
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ workflow_id: run.publicId, status: "cancelled", error: "Cancelled" });
    });

    it("200 for a POST with no body at all (curl -X POST): the body is all optional", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const res = await call(routes.cancel.POST, "POST", {
        as: A.tenant.recruiter,
        params: { workflowId: run.publicId },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ workflow_id: run.publicId, status: "cancelled", error: "Cancelled" });
    });

    it("409 illegal_transition for a run that already ended", async () => {
      const run = await A.fixtures("admin").completedRun();
      await rejects(
        routes.cancel.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: run.publicId }, body: {} },
        409,
        errorBody("illegal_transition", 'run event "cancel" is not allowed in status "completed"', {
          entity: "run",
          from: "completed",
          event: "cancel",
        }),
      );
    });

    it("400 for an empty reason or an unknown field; 415 for a non-JSON body", async () => {
      const run = await A.fixtures("admin").queuedRun();
      const params = { workflowId: run.publicId };
      await rejects(
        routes.cancel.POST,
        "POST",
        { as: A.tenant.admin, params, body: { reason: "" } },
        400,
        invalid("body", [
          { path: "body.reason", message: "Too small: expected string to have >=1 characters" },
        ]),
      );
      await rejects(
        routes.cancel.POST,
        "POST",
        { as: A.tenant.admin, params, body: { reason: "x", force: true } },
        400,
        invalid("body", [{ path: "body", message: 'Unrecognized key: "force"' }]),
      );
      await rejects(
        routes.cancel.POST,
        "POST",
        { as: A.tenant.admin, params, rawBody: "reason=x", headers: { "content-type": "text/plain" } },
        415,
        errorBody("unsupported_media_type", "Send the body as application/json"),
      );
    });

    commonRejections(routes.cancel.POST, "POST", () => ({ body: {} }));
  });

  // ── rerun ───────────────────────────────────────────────────────────────────────────────────────
  describe("POST …/rerun", () => {
    it("201: a new run with the same workflow, channel, inputs and context; rerun_of names the old one", async () => {
      const old = await A.fixtures("recruiter").failedRun();
      const res = await call(routes.rerun.POST, "POST", {
        as: A.tenant.recruiter,
        params: { workflowId: old.publicId },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        workflow_id: expect.stringMatching(WF),
        status: "active",
        channel: old.channel,
        context: { seed: true },
        rerun_of: old.publicId,
        reruns: [],
        started_by: A.tenant.recruiter.userId,
        workflow: { id: A.workflowId },
        steps: [
          expect.objectContaining({ step_number: 1, status: "queued" }),
          expect.objectContaining({ step_number: 2, status: "pending" }),
        ],
      });
      expect(res.body.workflow_id).not.toBe(old.publicId);
      expect((await readRun(ctx().db, old.id)).status).toBe("failed");
    });

    it("Idempotency-Key: a retried rerun replays instead of starting a second run", async () => {
      const old = await A.fixtures("recruiter").failedRun();
      const send = () =>
        call(routes.rerun.POST, "POST", {
          as: A.tenant.recruiter,
          params: { workflowId: old.publicId },
          path: `/api/workflow/executions/${old.publicId}/rerun`,
          headers: { "idempotency-key": `rerun-${old.publicId}` },
        });
      const first = await send();
      const second = await send();
      expect(second.status).toBe(201);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(second.body.workflow_id).toBe(first.body.workflow_id);
    });

    it("409 when the run's workflow no longer exists", async () => {
      const orphan = await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        makeRun(tx, { orgId: A.tenant.org.id, startedBy: A.tenant.admin.userId, status: "failed" }),
      );
      await rejects(
        routes.rerun.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: orphan.publicId } },
        409,
        errorBody("conflict", "The run's workflow no longer exists"),
      );
    });

    commonRejections(routes.rerun.POST, "POST", () => ({}));
  });

  // ── rerun-from ──────────────────────────────────────────────────────────────────────────────────
  describe("POST …/rerun-from", () => {
    const rerunFrom = (as: Caller, workflowId: string, body: unknown) =>
      call(routes.rerunFrom.POST, "POST", { as, params: { workflowId }, body });

    it("201: a new run linked both ways; earlier steps carried with their outputs, the original unchanged", async () => {
      const { db } = ctx();
      const done = await A.fixtures("manager").completedRun();
      const before = { run: await readRun(db, done.id), steps: await readSteps(db, done.id) };
      const res = await rerunFrom(A.tenant.manager, done.publicId, { step_number: 2 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        workflow_id: expect.stringMatching(WF),
        status: "active",
        rerun_of: done.publicId,
        reruns: [],
        started_by: A.tenant.manager.userId,
        channel: done.channel,
        context: done.context,
        workflow: { id: A.workflowId },
        results: null,
        completed_at: null,
        duration_ms: null,
        steps: [
          expect.objectContaining({
            step_number: 1,
            status: "completed",
            output_data: { a: 1 },
            attempt: 0,
            started_at: null,
            completed_at: null,
            duration_ms: null,
            events: [
              expect.objectContaining({ type: "step.created" }),
              expect.objectContaining({
                type: "step.carried",
                data: {
                  from_run: done.publicId,
                  from_step: before.steps[0]!.id,
                  status: "completed",
                  by: A.tenant.manager.userId,
                },
              }),
            ],
          }),
          expect.objectContaining({ step_number: 2, status: "queued", output_data: null, attempt: 0 }),
        ],
      });
      const fresh = res.body.workflow_id as string;
      expect(fresh).not.toBe(done.publicId);
      const [entry] = (await auditOf(db, A.tenant.org.id, "run.rerun_from_step")).filter(
        (a) => a.resourceId === done.publicId,
      );
      expect(entry?.details).toEqual({ step_number: 2, new_run: fresh });

      // the original: same status, duration, end and steps (attempts, outputs, events) as before
      expect(await readRun(db, done.id)).toEqual(before.run);
      expect(await readSteps(db, done.id)).toEqual(before.steps);

      // both directions in the run document
      const original = await call(routes.run.GET, "GET", {
        as: A.tenant.manager,
        params: { workflowId: done.publicId },
      });
      expect(original.body).toMatchObject({ rerun_of: null, reruns: [fresh], status: "completed" });
      const again = await rerunFrom(A.tenant.manager, done.publicId, { step_number: 1 });
      expect(again.status).toBe(201);
      const listed = await call(routes.run.GET, "GET", {
        as: A.tenant.manager,
        params: { workflowId: done.id },
      });
      expect(listed.body.reruns).toEqual([fresh, again.body.workflow_id]);
      const rerun = await call(routes.run.GET, "GET", {
        as: A.tenant.manager,
        params: { workflowId: fresh },
      });
      expect(rerun.body).toMatchObject({ workflow_id: fresh, rerun_of: done.publicId, reruns: [] });
    });

    it("Idempotency-Key: a retried rerun-from replays instead of starting a second run", async () => {
      const done = await A.fixtures("recruiter").completedRun();
      const send = () =>
        call(routes.rerunFrom.POST, "POST", {
          as: A.tenant.recruiter,
          params: { workflowId: done.publicId },
          path: `/api/workflow/executions/${done.publicId}/rerun-from`,
          body: { step_number: 2 },
          headers: { "idempotency-key": `rerun-from-${done.publicId}` },
        });
      const first = await send();
      const second = await send();
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(second.body.workflow_id).toBe(first.body.workflow_id);
      const reruns = await query<{ n: number }>(
        ctx().db,
        sql`select count(*)::int as n from workflow_runs where rerun_of = ${done.id}`,
      );
      expect(reruns[0]?.n).toBe(1);
    });

    it("409 from a gate whose approver rejected (decisions are final); nothing is written", async () => {
      const run = await A.fixtures("admin").approvalRun();
      const decided = await call(routes.approve.POST, "POST", {
        as: A.tenant.manager,
        params: { workflowId: run.publicId, stepNumber: "1" },
        body: { decision: "rejected", comment: "no" },
      });
      expect(decided.status).toBe(200);
      expect((await readRun(ctx().db, run.id)).status).toBe("failed");
      await rejects(
        routes.rerunFrom.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: run.publicId }, body: { step_number: 1 } },
        409,
        errorBody(
          "conflict",
          `Step 1 (${(await readSteps(ctx().db, run.id))[0]!.stepName}) was rejected by its approvers and decisions are final; rerun the run to start a new approval round`,
          { step_number: 1, decision: "rejected" },
        ),
      );
    });

    it("409 while the run is open; 409 when an earlier step did not complete; 404 for a missing step", async () => {
      const open = await A.fixtures("admin").queuedRun();
      await rejects(
        routes.rerunFrom.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: open.publicId }, body: { step_number: 1 } },
        409,
        errorBody("illegal_transition", "Run is active; cancel it or wait for it to end", {
          entity: "run",
          from: "active",
          event: "rerun_from_step",
        }),
      );
      const failed = await A.fixtures("admin").failedRun();
      await rejects(
        routes.rerunFrom.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: failed.publicId }, body: { step_number: 2 } },
        409,
        errorBody("conflict", "Step 1 (Step 1) did not complete; rerun from it instead"),
      );
      await rejects(
        routes.rerunFrom.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: failed.publicId }, body: { step_number: 7 } },
        404,
        errorBody("not_found", "Run has no step 7"),
      );
    });

    it("400 for a step number that is not a positive integer", async () => {
      const run = await A.fixtures("admin").failedRun();
      const params = { workflowId: run.publicId };
      for (const [body, message] of [
        [{ step_number: 0 }, "Too small: expected number to be >=1"],
        [{ step_number: 1.5 }, "Invalid input: expected int, received number"],
        [{ step_number: "1" }, "Invalid input: expected number, received string"],
        [{}, "Invalid input: expected number, received undefined"],
      ] as const) {
        await rejects(
          routes.rerunFrom.POST,
          "POST",
          { as: A.tenant.admin, params, body },
          400,
          invalid("body", [{ path: "body.step_number", message }]),
        );
      }
    });

    commonRejections(routes.rerunFrom.POST, "POST", () => ({ body: { step_number: 1 } }));
  });

  // ── complete (seed 002 complete_workflow_execution) ────────────────────────────────────────────
  describe("POST …/complete", () => {
    const complete = (as: Caller, workflowId: string, body: unknown) =>
      call(routes.complete.POST, "POST", { as, params: { workflowId }, body });

    it("failed: the run fails with the executor's error; open steps are cancelled", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const res = await complete(A.tenant.recruiter, run.publicId, {
        status: "failed",
        error: "fax line busy",
        error_details: { attempts: 3 },
        metrics: { calls: 3 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        workflow_id: run.publicId,
        status: "failed",
        error: "fax line busy",
        error_details: { attempts: 3 },
        metrics: { calls: 3 },
        steps: [
          expect.objectContaining({ status: "cancelled" }),
          expect.objectContaining({ status: "skipped" }),
        ],
      });
      const [entry] = (await auditOf(ctx().db, A.tenant.org.id, "run.fail")).filter(
        (a) => a.resourceId === run.publicId,
      );
      expect(entry?.details).toEqual({ reported: true, error: "fax line busy" });
    });

    it("completed: a run without open steps completes with results", async () => {
      const bare = await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        makeRun(tx, { orgId: A.tenant.org.id, startedBy: A.tenant.recruiter.userId, source: "external" }),
      );
      const res = await complete(A.tenant.recruiter, bare.publicId, {
        status: "completed",
        results: { good_matches: 2 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: "completed",
        results: { good_matches: 2 },
        progress: { percentage: 100 },
      });
    });

    it("409 while a step is in progress, 409 illegal_transition once ended, 400 for statuses it does not take", async () => {
      const busy = await A.fixtures("admin").runningRun();
      await rejects(
        routes.complete.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: busy.publicId }, body: { status: "completed" } },
        409,
        errorBody("conflict", "1 step(s) are still in progress; complete or cancel them first"),
      );
      const done = await A.fixtures("admin").completedRun();
      await rejects(
        routes.complete.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: done.publicId }, body: { status: "completed" } },
        409,
        errorBody("illegal_transition", 'run event "complete" is not allowed in status "completed"', {
          entity: "run",
          from: "completed",
          event: "complete",
        }),
      );
      await rejects(
        routes.complete.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: busy.publicId }, body: { status: "cancelled" } },
        400,
        invalid("body", [
          { path: "body.status", message: 'Invalid option: expected one of "completed"|"failed"' },
        ]),
      );
      await rejects(
        routes.complete.POST,
        "POST",
        {
          as: A.tenant.admin,
          params: { workflowId: busy.publicId },
          body: { status: "failed", results: { good: -1 } },
        },
        400,
        invalid("body", [{ path: "body.results.good", message: "Too small: expected number to be >=0" }]),
      );
    });

    commonRejections(routes.complete.POST, "POST", () => ({ body: { status: "failed" } }));
  });

  // ── context ─────────────────────────────────────────────────────────────────────────────────────
  describe("context", () => {
    it("GET returns the whole context; PATCH merges keys and is audited", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const params = { workflowId: run.publicId };
      const got = await call(routes.context.GET, "GET", { as: A.tenant.recruiter, params });
      expect(got.status).toBe(200);
      expect(got.body).toEqual({ workflow_id: run.publicId, context: { seed: true } });
      const patched = await call(routes.context.PATCH, "PATCH", {
        as: A.tenant.recruiter,
        params,
        body: {
          values: { user_session: "abc123", "correlation.id": "xyz789", retry_attempt: 0, seed: false },
        },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({
        workflow_id: run.publicId,
        context: { seed: false, user_session: "abc123", "correlation.id": "xyz789", retry_attempt: 0 },
      });
      expect((await readRun(ctx().db, run.id)).context).toEqual(patched.body.context);
      const [entry] = (await auditOf(ctx().db, A.tenant.org.id, "run.context.set")).filter(
        (a) => a.resourceId === run.publicId,
      );
      expect(entry?.details).toEqual({ keys: ["user_session", "correlation.id", "retry_attempt", "seed"] });
      // analysts read context (runs:read_own + org scope)
      const asAnalyst = await call(routes.context.GET, "GET", { as: A.tenant.analyst, params });
      expect(asAnalyst.status).toBe(200);
    });

    it("GET/PUT/DELETE one key", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const at = (key: string) => ({ workflowId: run.publicId, key });
      const got = await call(routes.contextKey.GET, "GET", { as: A.tenant.recruiter, params: at("seed") });
      expect(got.body).toEqual({ workflow_id: run.publicId, key: "seed", value: true });
      const put = await call(routes.contextKey.PUT, "PUT", {
        as: A.tenant.recruiter,
        params: at("user_session"),
        body: { value: { session_id: "abc123" } },
      });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        workflow_id: run.publicId,
        key: "user_session",
        value: { session_id: "abc123" },
      });
      const nulled = await call(routes.contextKey.PUT, "PUT", {
        as: A.tenant.recruiter,
        params: at("nothing"),
        body: { value: null },
      });
      expect(nulled.body).toEqual({ workflow_id: run.publicId, key: "nothing", value: null });
      const deleted = await call(routes.contextKey.DELETE, "DELETE", {
        as: A.tenant.recruiter,
        params: at("seed"),
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe("");
      expect((await readRun(ctx().db, run.id)).context).toEqual({
        user_session: { session_id: "abc123" },
        nothing: null,
      });
      const [entry] = (await auditOf(ctx().db, A.tenant.org.id, "run.context.delete")).filter(
        (a) => a.resourceId === run.publicId,
      );
      expect(entry?.details).toEqual({ key: "seed" });
      // gone now
      await rejects(
        routes.contextKey.GET,
        "GET",
        { as: A.tenant.recruiter, params: at("seed") },
        404,
        errorBody("not_found", "Context key not found"),
      );
      await rejects(
        routes.contextKey.DELETE,
        "DELETE",
        { as: A.tenant.recruiter, params: at("seed") },
        404,
        errorBody("not_found", "Context key not found"),
      );
    });

    it("400 for invalid keys, empty or oversized merges, values PostgreSQL cannot store", async () => {
      const run = await A.fixtures("admin").queuedRun();
      const params = { workflowId: run.publicId };
      const patch = (body: unknown, details: { path: string; message: string }[]) =>
        rejects(
          routes.context.PATCH,
          "PATCH",
          { as: A.tenant.admin, params, body },
          400,
          invalid("body", details),
        );
      await patch({ values: {} }, [{ path: "body.values", message: "must set at least one key" }]);
      await patch({ values: { "a b": 1 } }, [
        { path: "body.values.a b", message: "key must be 1–100 letters, digits, _ . or -" },
      ]);
      await patch({ values: { ["k".repeat(101)]: 1 } }, [
        { path: `body.values.${"k".repeat(101)}`, message: "key must be 1–100 letters, digits, _ . or -" },
      ]);
      await patch({ values: { a: "nul\u0000" } }, [
        { path: "body.values.a", message: "text must not contain NUL characters or unpaired surrogates" },
      ]);
      await patch({ values: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])) }, [
        { path: "body.values", message: "may set at most 100 keys at once" },
      ]);
      await patch({}, [
        { path: "body.values", message: "Invalid input: expected record, received undefined" },
      ]);
      await patch({ values: { a: 1 }, merge: true }, [
        { path: "body", message: 'Unrecognized key: "merge"' },
      ]);
      await rejects(
        routes.contextKey.PUT,
        "PUT",
        { as: A.tenant.admin, params: { ...params, key: "a" }, body: {} },
        400,
        invalid("body", [{ path: "body.value", message: "required" }]),
      );
      await rejects(
        routes.contextKey.GET,
        "GET",
        { as: A.tenant.admin, params: { ...params, key: "a b" } },
        400,
        invalid("params", [{ path: "params.key", message: "must be 1–100 letters, digits, _ . or -" }]),
      );
    });

    it("422 past 256 KB of context; 413 for a body over 256 KB", async () => {
      const run = await A.fixtures("admin").queuedRun();
      const params = { workflowId: run.publicId };
      const big = "x".repeat(200 * 1024);
      const first = await call(routes.context.PATCH, "PATCH", {
        as: A.tenant.admin,
        params,
        body: { values: { a: big } },
      });
      expect(first.status).toBe(200);
      const size = Buffer.byteLength(JSON.stringify({ seed: true, a: big, b: big }));
      await rejects(
        routes.context.PATCH,
        "PATCH",
        { as: A.tenant.admin, params, body: { values: { b: big } } },
        422,
        errorBody("unprocessable", `The run's context would be ${size} bytes; the limit is 262144`, {
          limit: 262144,
          size,
        }),
      );
      await rejects(
        routes.context.PATCH,
        "PATCH",
        { as: A.tenant.admin, params, body: { values: { c: "y".repeat(300 * 1024) } } },
        413,
        errorBody("payload_too_large", "Body exceeds 262144 bytes"),
      );
    });

    it("409 for writes once the run has ended (reads still work)", async () => {
      const run = await A.fixtures("admin").completedRun();
      const params = { workflowId: run.publicId };
      await rejects(
        routes.context.PATCH,
        "PATCH",
        { as: A.tenant.admin, params, body: { values: { a: 1 } } },
        409,
        closed(run.publicId, "completed"),
      );
      await rejects(
        routes.contextKey.PUT,
        "PUT",
        { as: A.tenant.admin, params: { ...params, key: "a" }, body: { value: 1 } },
        409,
        closed(run.publicId, "completed"),
      );
      await rejects(
        routes.contextKey.DELETE,
        "DELETE",
        { as: A.tenant.admin, params: { ...params, key: "seed" } },
        409,
        closed(run.publicId, "completed"),
      );
      expect((await call(routes.context.GET, "GET", { as: A.tenant.admin, params })).status).toBe(200);
    });

    describe("GET …/context", () =>
      commonRejections(routes.context.GET, "GET", () => ({}), { analystAllowed: true }));
    describe("PATCH …/context", () =>
      commonRejections(routes.context.PATCH, "PATCH", () => ({ body: { values: { a: 1 } } })));
    describe("GET …/context/{key}", () =>
      commonRejections(routes.contextKey.GET, "GET", () => ({ params: { key: "seed" } }), {
        analystAllowed: true,
      }));
    describe("PUT …/context/{key}", () =>
      commonRejections(routes.contextKey.PUT, "PUT", () => ({ params: { key: "a" }, body: { value: 1 } })));
    describe("DELETE …/context/{key}", () =>
      commonRejections(routes.contextKey.DELETE, "DELETE", () => ({ params: { key: "seed" } })));
  });

  // ── endpoints ───────────────────────────────────────────────────────────────────────────────────
  describe("POST …/endpoints", () => {
    it("201: appends a timestamped entry; the run document lists them in order", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const params = { workflowId: run.publicId };
      const first = await call(routes.endpoints.POST, "POST", {
        as: A.tenant.recruiter,
        params,
        body: {
          endpoint: "https://ats.example.test/api/candidates",
          method: "POST",
          status: 201,
          duration_ms: 182,
          metadata: { attempt: 1 },
        },
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        workflow_id: run.publicId,
        index: 0,
        endpoint: {
          endpoint: "https://ats.example.test/api/candidates",
          method: "POST",
          status: 201,
          duration_ms: 182,
          metadata: { attempt: 1 },
          at: expect.stringMatching(ISO),
        },
      });
      const second = await call(routes.endpoints.POST, "POST", {
        as: A.tenant.recruiter,
        params,
        body: { endpoint: "voice://sip/queue-7" },
      });
      expect(second.body).toEqual({
        workflow_id: run.publicId,
        index: 1,
        endpoint: { endpoint: "voice://sip/queue-7", at: expect.stringMatching(ISO) },
      });
      const doc = await call(routes.run.GET, "GET", { as: A.tenant.recruiter, params });
      expect((doc.body.endpoints_used as { endpoint: string }[]).map((e) => e.endpoint)).toEqual([
        "https://ats.example.test/api/candidates",
        "voice://sip/queue-7",
      ]);
      expect(
        (await auditOf(ctx().db, A.tenant.org.id, "run.endpoint.record")).filter(
          (a) => a.resourceId === run.publicId,
        ),
      ).toHaveLength(2);
    });

    it("400 for invalid fields; 413 past 32 KB; 422 past 1000 entries; 409 once ended", async () => {
      const run = await A.fixtures("admin").queuedRun();
      const params = { workflowId: run.publicId };
      await rejects(
        routes.endpoints.POST,
        "POST",
        { as: A.tenant.admin, params, body: { endpoint: "", method: "FETCH", status: 42 } },
        400,
        invalid("body", [
          { path: "body.endpoint", message: "Too small: expected string to have >=1 characters" },
          {
            path: "body.method",
            message: 'Invalid option: expected one of "GET"|"POST"|"PUT"|"PATCH"|"DELETE"|"HEAD"|"OPTIONS"',
          },
          { path: "body.status", message: "Too small: expected number to be >=100" },
        ]),
      );
      await rejects(
        routes.endpoints.POST,
        "POST",
        { as: A.tenant.admin, params, body: { endpoint: "x".repeat(501) } },
        400,
        invalid("body", [
          { path: "body.endpoint", message: "Too big: expected string to have <=500 characters" },
        ]),
      );
      await rejects(
        routes.endpoints.POST,
        "POST",
        { as: A.tenant.admin, params, body: { endpoint: "x", metadata: { pad: "p".repeat(40_000) } } },
        413,
        errorBody("payload_too_large", "Body exceeds 32768 bytes"),
      );
      const full = Array.from({ length: 1000 }, (_, i) => ({
        endpoint: `e${i}`,
        at: "2030-01-01T00:00:00.000Z",
      }));
      await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        tx.execute(
          sql`update workflow_runs set endpoints_used = ${JSON.stringify(full)}::jsonb where id = ${run.id}`,
        ),
      );
      await rejects(
        routes.endpoints.POST,
        "POST",
        { as: A.tenant.admin, params, body: { endpoint: "one-more" } },
        422,
        errorBody("unprocessable", `Run ${run.publicId} already records 1000 endpoints`, { limit: 1000 }),
      );
      const done = await A.fixtures("admin").failedRun();
      await rejects(
        routes.endpoints.POST,
        "POST",
        { as: A.tenant.admin, params: { workflowId: done.publicId }, body: { endpoint: "late" } },
        409,
        closed(done.publicId, "failed"),
      );
    });

    commonRejections(routes.endpoints.POST, "POST", () => ({ body: { endpoint: "x" } }));
  });

  it("steps read back in order after the operations (sanity of the fixtures)", async () => {
    const run = await A.fixtures("admin").completedRun();
    expect((await readSteps(ctx().db, run.id)).map((s) => s.status)).toEqual(["completed", "completed"]);
    expect(run.status).toBe("completed");
  });
});
