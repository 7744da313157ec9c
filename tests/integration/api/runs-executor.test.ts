// An external executor (a voice or eFax service) holding nothing but an API token drives a run of
// `external` steps end to end over the HTTP API: it starts the execution, then for each step starts
// it, records context, events, a screenshot (link and upload) and the endpoints it called, completes
// it — and the last completion completes the run. Everything lands in the ledger and its audit trail.
import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLogs } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createToken } from "@/lib/auth/tokens";
import { type Caller, call, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import {
  type ApiWorld,
  externalWorkflow,
  imageForm,
  ISO,
  makeApiWorld,
  PNG_1x1,
  readRun,
  readSteps,
  routes,
  WF,
} from "../../helpers/runs-api";

describeDrivers("execution API: an external executor with an API token", (ctx) => {
  let W: ApiWorld;
  let executor: Caller;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    W = await makeApiWorld(ctx().handle);
    // the executor's own token, issued to a recruiter account (no session anywhere)
    const { token } = await withTenant(ctx().db, W.tenant.org.id, (tx) =>
      createToken(tx, { orgId: W.tenant.org.id, userId: W.tenant.recruiter.userId, name: "voice executor" }),
    );
    executor = { ...W.tenant.recruiter, token, cookie: "" };
  });

  it("drives a three-step voice run from start to completion", async () => {
    const as = executor;
    const workflowId = await externalWorkflow(ctx().db, W.tenant.org.id, [
      { stepName: "Dial candidate" },
      { stepName: "Screening questions" },
      { stepName: "Write summary" },
    ]);

    // 1. start the execution (idempotent: a retried start does not make a second run)
    const startBody = {
      workflow_id: workflowId,
      channel: "voice",
      external_id: "CALL-2025-0001",
      title: "Phone screen: Ada Lovelace",
      inputs: { phone: "+44 20 7946 0000" },
      context: { correlation_id: "xyz789" },
    };
    const started = await call(routes.executions.POST, "POST", {
      as,
      path: "/api/workflow/executions",
      body: startBody,
      headers: { "idempotency-key": "call-2025-0001" },
    });
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({
      workflow_id: expect.stringMatching(WF),
      status: "active",
      channel: "voice",
      external_id: "CALL-2025-0001",
      title: "Phone screen: Ada Lovelace",
      source: "external",
      inputs: { phone: "+44 20 7946 0000" },
      context: { correlation_id: "xyz789" },
      started_by: W.tenant.recruiter.userId,
      steps: [
        expect.objectContaining({ step_number: 1, step_name: "Dial candidate", status: "queued" }),
        expect.objectContaining({ step_number: 2, status: "pending" }),
        expect.objectContaining({ step_number: 3, status: "pending" }),
      ],
    });
    const id = started.body.workflow_id as string;
    const retried = await call(routes.executions.POST, "POST", {
      as,
      path: "/api/workflow/executions",
      body: startBody,
      headers: { "idempotency-key": "call-2025-0001" },
    });
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body.workflow_id).toBe(id);

    for (const n of [1, 2, 3]) {
      const params = { workflowId: id, stepNumber: String(n) };

      // 2. take the step
      const taken = await call(routes.start.POST, "POST", { as, params });
      expect(taken.status, taken.text).toBe(200);
      expect(taken.body).toMatchObject({ run_status: "active", step: { step_number: n, status: "running" } });

      // 3. context: merge and set one key
      const merged = await call(routes.context.PATCH, "PATCH", {
        as,
        params: { workflowId: id },
        body: { values: { [`step_${n}_started`]: true, last_step: n } },
      });
      expect(merged.status).toBe(200);
      const set = await call(routes.contextKey.PUT, "PUT", {
        as,
        params: { workflowId: id, key: "user_session" },
        body: { value: { session_id: `abc-${n}` } },
      });
      expect(set.body).toEqual({ workflow_id: id, key: "user_session", value: { session_id: `abc-${n}` } });

      // 4. events
      for (const type of ["call_connected", "question_asked"]) {
        const ev = await call(routes.events.POST, "POST", { as, params, body: { type, data: { step: n } } });
        expect(ev.status).toBe(201);
      }

      // 5. screenshots: a link, and on the first step an uploaded image
      const link = await call(routes.screenshots.POST, "POST", {
        as,
        params,
        body: { url: `s3://calls/${id}/step-${n}.png`, action: "transcript", confidence: 0.9 },
      });
      expect(link.status).toBe(201);
      if (n === 1) {
        const upload = await call(routes.screenshots.POST, "POST", {
          as,
          params,
          rawBody: imageForm(PNG_1x1, { name: "dialer.png", fields: { action: "dial" } }),
        });
        expect(upload.status, upload.text).toBe(201);
        expect(upload.body).toMatchObject({ index: 1, screenshot: { content_type: "image/png" } });
      }

      // 6. the endpoint it called
      const endpoint = await call(routes.endpoints.POST, "POST", {
        as,
        params: { workflowId: id },
        body: {
          endpoint: "https://sip.example.test/v1/calls",
          method: "POST",
          status: 200,
          duration_ms: 40 * n,
        },
      });
      expect(endpoint.body).toMatchObject({ index: n - 1 });

      // 7. read the step back, then complete it
      const read = await call(routes.step.GET, "GET", { as, params });
      expect(read.body).toMatchObject({
        step: {
          status: "running",
          events: expect.arrayContaining([
            expect.objectContaining({ type: "call_connected", data: { step: n } }),
            expect.objectContaining({ type: "question_asked", data: { step: n } }),
          ]),
        },
      });
      const done = await call(routes.stepComplete.POST, "POST", {
        as,
        params,
        body: { status: "completed", output: { answered: true, step: n } },
      });
      expect(done.status, done.text).toBe(200);
      expect(done.body).toMatchObject({
        step: { status: "completed", output_data: { answered: true, step: n } },
        run_status: n < 3 ? "active" : "completed",
        run_progress: { completed_steps: n, total_steps: 3 },
      });
    }

    // the run is complete, with everything the executor reported
    const doc = await call(routes.run.GET, "GET", { as, params: { workflowId: id } });
    expect(doc.body).toMatchObject({
      workflow_id: id,
      status: "completed",
      progress: { completed_steps: 3, total_steps: 3, percentage: 100 },
      started_at: expect.stringMatching(ISO),
      completed_at: expect.stringMatching(ISO),
      context: {
        correlation_id: "xyz789",
        step_1_started: true,
        step_2_started: true,
        step_3_started: true,
        last_step: 3,
        user_session: { session_id: "abc-3" },
      },
    });
    expect((doc.body.endpoints_used as { duration_ms: number }[]).map((e) => e.duration_ms)).toEqual([
      40, 80, 120,
    ]);
    const steps = doc.body.steps as { screenshots: { url: string }[]; status: string }[];
    expect(steps.map((s) => s.status)).toEqual(["completed", "completed", "completed"]);
    expect(steps.map((s) => s.screenshots.length)).toEqual([2, 1, 1]);
    expect(doc.text).not.toContain("data_base64");
    const image = await call(routes.screenshot.GET, "GET", {
      as,
      params: { workflowId: id, stepNumber: "1", index: "1" },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");

    // a finished record is closed to further reports
    const late = await call(routes.events.POST, "POST", {
      as,
      params: { workflowId: id, stepNumber: "3" },
      body: { type: "late" },
    });
    expect(late.status).toBe(409);

    // the ledger and its audit trail: every change by the executor's token
    const run = await readRun(ctx().db, id);
    expect(run).toMatchObject({ status: "completed", channel: "voice", source: "external" });
    expect((await readSteps(ctx().db, run.id)).every((s) => s.leaseOwner === null)).toBe(true);
    const trail = await ctx()
      .db.select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, W.tenant.org.id), isNotNull(auditLogs.apiTokenId)));
    const count = (action: string) => trail.filter((a) => a.action === action).length;
    expect(count("run.start")).toBeGreaterThanOrEqual(1);
    expect(count("step.start")).toBeGreaterThanOrEqual(3);
    expect(count("step.complete")).toBeGreaterThanOrEqual(3);
    expect(count("step.event.append")).toBeGreaterThanOrEqual(6);
    expect(count("step.screenshot.add")).toBeGreaterThanOrEqual(4);
    expect(count("run.endpoint.record")).toBeGreaterThanOrEqual(3);
    expect(count("run.context.set")).toBeGreaterThanOrEqual(6);

    // and it is in the executor's run history
    const history = await call(routes.executions.GET, "GET", { as, query: { q: "CALL-2025-0001" } });
    expect(history.body).toMatchObject({ total: 1, workflows: [{ workflow_id: id, status: "completed" }] });
  });

  it("a failed step fails the run; the executor retries it and finishes", async () => {
    const as = executor;
    const workflowId = await externalWorkflow(ctx().db, W.tenant.org.id, 2);
    const started = await call(routes.executions.POST, "POST", {
      as,
      body: { workflow_id: workflowId, channel: "efax" },
    });
    const id = started.body.workflow_id as string;
    const step = (n: number) => ({ workflowId: id, stepNumber: String(n) });
    await call(routes.start.POST, "POST", { as, params: step(1) });
    const failed = await call(routes.stepComplete.POST, "POST", {
      as,
      params: step(1),
      body: { status: "failed", error: "fax machine out of paper" },
    });
    expect(failed.body).toMatchObject({ run_status: "failed", step: { status: "failed" } });
    const retried = await call(routes.retry.POST, "POST", { as, params: step(1) });
    expect(retried.body).toMatchObject({ run_status: "active", step: { status: "queued" } });
    for (const n of [1, 2]) {
      await call(routes.start.POST, "POST", { as, params: step(n) });
      await call(routes.stepComplete.POST, "POST", { as, params: step(n), body: { status: "completed" } });
    }
    expect((await readRun(ctx().db, id)).status).toBe("completed");
  });
});
