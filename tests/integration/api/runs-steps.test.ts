// Step routes: read a step, an executor's start/complete, retry, manual start, events, screenshots
// (links as JSON, images as multipart, served back by index) and approvals. Success bodies are
// asserted on their key fields; each error case asserts the exact error body and that nothing was
// written.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { WorkflowRun } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { type Caller, type CallOptions, call, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import {
  actorOf,
  type ApiWorld,
  auditOf,
  closedRun,
  errorBody,
  externalWorkflow,
  forbidden,
  imageForm,
  ISO,
  invalid,
  JPEG_HEAD,
  makeApiWorld,
  PNG_1x1,
  readRun,
  readStep,
  rejectionKit,
  routes,
  runNotFound,
  start,
  WEBP_HEAD,
} from "../../helpers/runs-api";

describeDrivers("execution API: steps", (ctx) => {
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
  const at = (run: WorkflowRun, stepNumber = 1) => ({
    workflowId: run.publicId,
    stepNumber: String(stepNumber),
  });
  const stepRejections = (
    handler: Parameters<typeof call>[0],
    method: string,
    extra: Omit<CallOptions, "as" | "params"> = {},
    analystAllowed = false,
  ) =>
    commonRejections(handler, method, () => ({ ...extra, params: { stepNumber: "1" } }), { analystAllowed });
  const noStep = (run: WorkflowRun, n: number) =>
    errorBody("not_found", `Run ${run.publicId} has no step ${n}`);

  // ── GET step ────────────────────────────────────────────────────────────────────────────────────
  describe("GET …/steps/{n}", () => {
    it("200: the step with its copied configuration, status, timeline and its run's status", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const res = await call(routes.step.GET, "GET", { as: A.tenant.recruiter, params: at(run) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        workflow_id: run.publicId,
        run_status: "active",
        run_progress: { completed_steps: 0, total_steps: 2, percentage: 0 },
        step: {
          step_number: 1,
          order_number: 1,
          step_name: "Step 1",
          step_type: "external",
          auto_start: true,
          required_human_approval: false,
          status: "queued",
          attempt: 0,
          run_at: expect.stringMatching(ISO),
          approvals: [],
          screenshots: [],
          events: [
            expect.objectContaining({ type: "step.created" }),
            expect.objectContaining({
              type: "step.release",
              data: expect.objectContaining({ to: "queued" }),
            }),
          ],
        },
      });
    });

    it("404 for a step the run does not have; 400 for a step number that is not one", async () => {
      const run = await A.fixtures("admin").queuedRun();
      await rejects(routes.step.GET, "GET", { as: A.tenant.admin, params: at(run, 9) }, 404, noStep(run, 9));
      for (const bad of ["0", "-1", "1.5", "one", "123456"]) {
        await rejects(
          routes.step.GET,
          "GET",
          { as: A.tenant.admin, params: { workflowId: run.publicId, stepNumber: bad } },
          400,
          invalid("params", [{ path: "params.stepNumber", message: "must be a step number (1, 2, …)" }]),
        );
      }
    });

    it("a listed approver sees the step of someone else's run", async () => {
      const run = await A.fixtures("manager").approvalRun();
      const res = await call(routes.step.GET, "GET", { as: A.tenant.recruiter, params: at(run) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ run_status: "waiting", step: { status: "waiting_approval" } });
    });

    stepRejections(routes.step.GET, "GET", {}, true);
  });

  // ── start / complete (external executors) ─────────────────────────────────────────────────────
  describe("POST …/steps/{n}/start and …/complete", () => {
    it("start: queued → running under the caller's lease; the run becomes active; audited", async () => {
      const run = await A.fixtures("recruiter").queuedRun();
      const res = await call(routes.start.POST, "POST", { as: A.tenant.recruiter, params: at(run) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        workflow_id: run.publicId,
        run_status: "active",
        step: { step_number: 1, status: "running", attempt: 1, started_at: expect.stringMatching(ISO) },
      });
      const step = await readStep(ctx().db, run.id, 1);
      expect(step.leaseOwner).toMatch(/^api:/);
      expect(step.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
      expect(
        (await auditOf(ctx().db, A.tenant.org.id, "step.start")).some((a) => a.resourceId === step.id),
      ).toBe(true);
    });

    it("start: 409 for a step that is not queued and for step types the engine runs", async () => {
      const running = await A.fixtures("admin").runningRun();
      await rejects(
        routes.start.POST,
        "POST",
        { as: A.tenant.admin, params: at(running) },
        409,
        errorBody("illegal_transition", 'step event "claim" is not allowed in status "running"', {
          entity: "step",
          from: "running",
          event: "claim",
        }),
      );
      await rejects(
        routes.start.POST,
        "POST",
        { as: A.tenant.admin, params: at(running, 2) },
        409,
        errorBody("illegal_transition", 'step event "claim" is not allowed in status "pending"', {
          entity: "step",
          from: "pending",
          event: "claim",
        }),
      );
      const engineWf = await externalWorkflow(ctx().db, A.tenant.org.id, [{ stepType: "todo" }]);
      const engineRun = await start(ctx().db, actorOf(A.tenant.admin), engineWf);
      await rejects(
        routes.start.POST,
        "POST",
        { as: A.tenant.admin, params: at(engineRun) },
        409,
        errorBody("conflict", "Step 1 is a todo step; the engine runs it, not an executor"),
      );
      await rejects(
        routes.start.POST,
        "POST",
        { as: A.tenant.admin, params: at(running, 3) },
        404,
        noStep(running, 3),
      );
    });

    it("complete: the output is kept and the next step released; the last one completes the run", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const first = await call(routes.stepComplete.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        body: { status: "completed", output: { fax_id: "F-1" } },
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        run_status: "active",
        run_progress: { completed_steps: 1, total_steps: 2, percentage: 50 },
        step: {
          status: "completed",
          output_data: { fax_id: "F-1" },
          completed_at: expect.stringMatching(ISO),
        },
      });
      expect((await readStep(ctx().db, run.id, 2)).status).toBe("queued");
      await call(routes.start.POST, "POST", { as: A.tenant.recruiter, params: at(run, 2) });
      const last = await call(routes.stepComplete.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run, 2),
        body: { status: "completed" },
      });
      expect(last.body).toMatchObject({
        run_status: "completed",
        run_progress: { completed_steps: 2, total_steps: 2, percentage: 100 },
        step: { status: "completed", output_data: {} },
      });
    });

    it("complete failed: retried while retries last, unless retryable is false; then the run fails", async () => {
      const wf = await externalWorkflow(ctx().db, A.tenant.org.id, [{ maxRetries: 2 }, {}]);
      const run = await start(ctx().db, actorOf(A.tenant.manager), wf);
      await call(routes.start.POST, "POST", { as: A.tenant.manager, params: at(run) });
      const retried = await call(routes.stepComplete.POST, "POST", {
        as: A.tenant.manager,
        params: at(run),
        body: { status: "failed", error: "line busy", error_details: { sip: 486 } },
      });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({
        run_status: "active",
        step: { status: "queued", retry_count: 1, error_message: "line busy", error_details: { sip: 486 } },
      });
      await call(routes.start.POST, "POST", { as: A.tenant.manager, params: at(run) });
      const final = await call(routes.stepComplete.POST, "POST", {
        as: A.tenant.manager,
        params: at(run),
        body: { status: "failed", error: "number disconnected", retryable: false },
      });
      expect(final.body).toMatchObject({
        run_status: "failed",
        step: { status: "failed", error_message: "number disconnected" },
      });
      expect((await readRun(ctx().db, run.id)).errorMessage).toBe(
        "Step 1 (Step 1) failed: number disconnected",
      );
    });

    it("complete: 409 for a step that was not started; 400 for bodies that do not fit the status", async () => {
      const run = await A.fixtures("admin").queuedRun();
      await rejects(
        routes.stepComplete.POST,
        "POST",
        { as: A.tenant.admin, params: at(run), body: { status: "completed" } },
        409,
        errorBody("illegal_transition", "Step 1 is queued; start it first", {
          entity: "step",
          from: "queued",
          event: "complete",
        }),
      );
      const params = at(run);
      for (const [body, details] of [
        [
          { status: "failed" },
          [{ path: "body.error", message: "Invalid input: expected string, received undefined" }],
        ],
        [
          { status: "done" },
          [{ path: "body.status", message: "Invalid discriminator value. Expected 'completed' | 'failed'" }],
        ],
        [{ status: "completed", error: "x" }, [{ path: "body", message: 'Unrecognized key: "error"' }]],
        [
          { status: "completed", output: [1] },
          [{ path: "body.output", message: "Invalid input: expected record, received array" }],
        ],
      ] as const) {
        await rejects(
          routes.stepComplete.POST,
          "POST",
          { as: A.tenant.admin, params, body },
          400,
          invalid("body", [...details]),
        );
      }
    });

    describe("start", () => stepRejections(routes.start.POST, "POST"));
    describe("complete", () =>
      stepRejections(routes.stepComplete.POST, "POST", { body: { status: "completed" } }));
  });

  // ── retry, manual start ─────────────────────────────────────────────────────────────────────────
  describe("POST …/steps/{n}/retry and …/manual-start", () => {
    it("retry: a failed step is queued again with a fresh budget; the run reopens", async () => {
      const run = await A.fixtures("recruiter").failedRun();
      const res = await call(routes.retry.POST, "POST", { as: A.tenant.recruiter, params: at(run) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        run_status: "active",
        step: { step_number: 1, status: "queued", retry_count: 0 },
      });
      expect((await readRun(ctx().db, run.id)).status).toBe("active");
      expect((await auditOf(ctx().db, A.tenant.org.id, "step.retry")).length).toBeGreaterThan(0);
    });

    it("retry: 409 for a step that has not failed", async () => {
      const run = await A.fixtures("admin").queuedRun();
      await rejects(
        routes.retry.POST,
        "POST",
        { as: A.tenant.admin, params: at(run) },
        409,
        errorBody("illegal_transition", 'step event "retry" is not allowed in status "queued"', {
          entity: "step",
          from: "queued",
          event: "retry",
        }),
      );
    });

    it("manual start: waiting_manual → queued; 409 for a step that does not wait for one", async () => {
      const run = await A.fixtures("manager").manualRun();
      expect((await readRun(ctx().db, run.id)).status).toBe("waiting");
      const res = await call(routes.manualStart.POST, "POST", { as: A.tenant.manager, params: at(run) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ run_status: "active", step: { status: "queued" } });
      await rejects(
        routes.manualStart.POST,
        "POST",
        { as: A.tenant.manager, params: at(run) },
        409,
        errorBody("illegal_transition", 'step event "manual_start" is not allowed in status "queued"', {
          entity: "step",
          from: "queued",
          event: "manual_start",
        }),
      );
    });

    describe("retry", () => stepRejections(routes.retry.POST, "POST"));
    describe("manual-start", () => stepRejections(routes.manualStart.POST, "POST"));
  });

  // ── events ──────────────────────────────────────────────────────────────────────────────────────
  describe("POST …/steps/{n}/events", () => {
    it("201: a timestamped event on the step's timeline", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const res = await call(routes.events.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        body: { type: "page_loaded", data: { url: "https://example.com/login", load_time_ms: 1234 } },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        workflow_id: run.publicId,
        step_number: 1,
        event: {
          type: "page_loaded",
          timestamp: expect.stringMatching(ISO),
          data: { url: "https://example.com/login", load_time_ms: 1234 },
        },
        reported_events: 1,
      });
      const second = await call(routes.events.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        body: { type: "element_clicked" },
      });
      expect(second.body).toMatchObject({ event: { type: "element_clicked" }, reported_events: 2 });
      const step = await readStep(ctx().db, run.id, 1);
      expect(step.events.slice(-2).map((e) => e.type)).toEqual(["page_loaded", "element_clicked"]);
    });

    it("400 for reserved or malformed types; 413 past 16 KB; 422 past 200 reported events; 409 once ended", async () => {
      const run = await A.fixtures("admin").runningRun();
      const params = at(run);
      for (const [body, details] of [
        [
          { type: "step.complete" },
          [{ path: "body.type", message: "step.* and run.* are reserved for the engine" }],
        ],
        [
          { type: "1st" },
          [
            {
              path: "body.type",
              message: "must be 1–100 characters: a letter, then letters, digits, _ . : or -",
            },
          ],
        ],
        [
          { type: "ok", data: "text" },
          [{ path: "body.data", message: "Invalid input: expected record, received string" }],
        ],
        [{ type: "ok", level: "info" }, [{ path: "body", message: 'Unrecognized key: "level"' }]],
      ] as const) {
        await rejects(
          routes.events.POST,
          "POST",
          { as: A.tenant.admin, params, body },
          400,
          invalid("body", [...details]),
        );
      }
      await rejects(
        routes.events.POST,
        "POST",
        { as: A.tenant.admin, params, body: { type: "big", data: { pad: "p".repeat(17_000) } } },
        413,
        errorBody("payload_too_large", "Body exceeds 16384 bytes"),
      );
      const reported = Array.from({ length: 200 }, (_, i) => ({
        type: `e${i}`,
        timestamp: "2030-01-01T00:00:00.000Z",
      }));
      await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        tx.execute(
          sql`update workflow_run_steps set events = events || ${JSON.stringify(reported)}::jsonb where run_id = ${run.id} and step_number = 1`,
        ),
      );
      await rejects(
        routes.events.POST,
        "POST",
        { as: A.tenant.admin, params, body: { type: "one_more" } },
        422,
        errorBody("unprocessable", "Step 1 already has 200 reported events", { limit: 200 }),
      );
      const done = await A.fixtures("admin").completedRun();
      await rejects(
        routes.events.POST,
        "POST",
        { as: A.tenant.admin, params: at(done), body: { type: "late" } },
        409,
        closedRun(done.publicId, "completed"),
      );
      await rejects(
        routes.events.POST,
        "POST",
        { as: A.tenant.admin, params: at(run, 4), body: { type: "x" } },
        404,
        noStep(run, 4),
      );
    });

    stepRejections(routes.events.POST, "POST", { body: { type: "x" } });
  });

  // ── screenshots ────────────────────────────────────────────────────────────────────────────────
  describe("screenshots", () => {
    it("JSON: a link with its description (seed 004 shape)", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      const res = await call(routes.screenshots.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        body: {
          url: "s3://bucket/screenshot1.png",
          thumbnail_url: "s3://bucket/thumb1.png",
          action: "click_submit",
          selector: "#submit-button",
          element_found: true,
          confidence: 0.95,
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        workflow_id: run.publicId,
        step_number: 1,
        index: 0,
        screenshot: {
          url: "s3://bucket/screenshot1.png",
          thumbnail_url: "s3://bucket/thumb1.png",
          action: "click_submit",
          selector: "#submit-button",
          element_found: true,
          confidence: 0.95,
          timestamp: expect.stringMatching(ISO),
        },
      });
      // a link has no stored image
      await rejects(
        routes.screenshot.GET,
        "GET",
        { as: A.tenant.recruiter, params: { ...at(run), index: "0" } },
        404,
        errorBody("not_found", "This screenshot is a link; its image is stored elsewhere", {
          url: "s3://bucket/screenshot1.png",
        }),
      );
    });

    it("multipart: the image is kept with the step, served back by index, never listed with its bytes", async () => {
      const run = await A.fixtures("recruiter").runningRun();
      await call(routes.screenshots.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        body: { url: "https://cdn.example.test/a.png" },
      });
      const res = await call(routes.screenshots.POST, "POST", {
        as: A.tenant.recruiter,
        params: at(run),
        rawBody: imageForm(PNG_1x1, {
          name: "login.png",
          fields: {
            action: "login",
            element_found: "true",
            confidence: "0.5",
            metadata: '{"viewport":"1280x720"}',
          },
        }),
      });
      expect(res.status, res.text).toBe(201);
      const url = `/api/workflow/executions/${run.publicId}/steps/1/screenshots/1`;
      const sha256 = createHash("sha256").update(PNG_1x1).digest("hex");
      expect(res.body).toEqual({
        workflow_id: run.publicId,
        step_number: 1,
        index: 1,
        screenshot: {
          url,
          timestamp: expect.stringMatching(ISO),
          action: "login",
          element_found: true,
          confidence: 0.5,
          metadata: { viewport: "1280x720" },
          content_type: "image/png",
          size: PNG_1x1.byteLength,
          sha256,
          file_name: "login.png",
        },
      });
      // stored with its bytes
      const step = await readStep(ctx().db, run.id, 1);
      expect(step.screenshots[1]?.data_base64).toBe(PNG_1x1.toString("base64"));
      // served back
      const image = await call(routes.screenshot.GET, "GET", {
        as: A.tenant.recruiter,
        params: { ...at(run), index: "1" },
      });
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/png");
      expect(image.headers.get("x-content-type-options")).toBe("nosniff");
      expect(image.headers.get("etag")).toBe(`"${sha256}"`);
      expect(Buffer.from(image.text, "latin1").length).toBeGreaterThan(0);
      // listings never carry the bytes
      const stepDoc = await call(routes.step.GET, "GET", { as: A.tenant.recruiter, params: at(run) });
      const runDoc = await call(routes.run.GET, "GET", {
        as: A.tenant.recruiter,
        params: { workflowId: run.publicId },
      });
      for (const text of [stepDoc.text, runDoc.text]) {
        expect(text).not.toContain("data_base64");
        expect(text).not.toContain(PNG_1x1.toString("base64"));
        expect(text).toContain(url);
      }
    });

    it("the bytes served are the bytes uploaded (binary-safe), for PNG, JPEG and WebP", async () => {
      const run = await A.fixtures("admin").runningRun();
      for (const [index, [bytes, type]] of (
        [
          [PNG_1x1, "image/png"],
          [JPEG_HEAD, "image/jpeg"],
          [WEBP_HEAD, "image/webp"],
        ] as const
      ).entries()) {
        const up = await call(routes.screenshots.POST, "POST", {
          as: A.tenant.admin,
          params: at(run),
          rawBody: imageForm(bytes, { type: "application/octet-stream" }),
        });
        expect(up.status, up.text).toBe(201);
        expect(up.body).toMatchObject({ index, screenshot: { content_type: type, size: bytes.byteLength } });
        const res = await routes.screenshot.GET(
          new Request(`http://runledger.test${(up.body.screenshot as { url: string }).url}`, {
            headers: { authorization: `Bearer ${A.tenant.admin.token}` },
          }),
          { params: Promise.resolve({ ...at(run), index: String(index) }) },
        );
        expect(res.headers.get("content-type")).toBe(type);
        expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      }
    });

    it("415 for other types and for files that are not images by their bytes", async () => {
      const run = await A.fixtures("admin").runningRun();
      const params = at(run);
      await rejects(
        routes.screenshots.POST,
        "POST",
        {
          as: A.tenant.admin,
          params,
          rawBody: "url=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        415,
        errorBody(
          "unsupported_media_type",
          "Send a screenshot link as application/json or an image as multipart/form-data",
        ),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        {
          as: A.tenant.admin,
          params,
          rawBody: imageForm(Buffer.from("GIF89a......"), { type: "image/gif" }),
        },
        415,
        errorBody("unsupported_media_type", "The file is not a PNG, JPEG or WebP image"),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        {
          as: A.tenant.admin,
          params,
          rawBody: imageForm(Buffer.from("<svg onload=alert(1)>"), { type: "image/png" }),
        },
        415,
        errorBody("unsupported_media_type", "The file is not a PNG, JPEG or WebP image"),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params, rawBody: imageForm(PNG_1x1, { type: "text/html" }) },
        415,
        errorBody("unsupported_media_type", "The file was sent as text/html but is image/png"),
      );
    });

    it("413 for images over 5 MB and multipart bodies over the limit", async () => {
      const run = await A.fixtures("admin").runningRun();
      const params = at(run);
      const justOver = Buffer.concat([PNG_1x1, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG_1x1.byteLength)]);
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params, rawBody: imageForm(justOver) },
        413,
        errorBody("payload_too_large", "The image exceeds 5242880 bytes"),
      );
      const huge = Buffer.concat([PNG_1x1, Buffer.alloc(6 * 1024 * 1024)]);
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params, rawBody: imageForm(huge) },
        413,
        errorBody("payload_too_large", "Body exceeds 5308416 bytes"),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        {
          as: A.tenant.admin,
          params,
          body: { url: "https://x.test/a.png", metadata: { pad: "p".repeat(40_000) } },
        },
        413,
        errorBody("payload_too_large", "Body exceeds 32768 bytes"),
      );
    });

    it("400 for invalid links and form fields", async () => {
      const run = await A.fixtures("admin").runningRun();
      const params = at(run);
      const json = (body: unknown, details: { path: string; message: string }[]) =>
        rejects(
          routes.screenshots.POST,
          "POST",
          { as: A.tenant.admin, params, body },
          400,
          invalid("body", details),
        );
      await json({ url: "javascript:alert(1)" }, [
        { path: "body.url", message: "must be an http(s), s3 or gs URL" },
      ]);
      await json({}, [{ path: "body.url", message: "Invalid input: expected string, received undefined" }]);
      await json({ url: "https://x.test/a.png", confidence: 2 }, [
        { path: "body.confidence", message: "Too big: expected number to be <=1" },
      ]);
      await json({ url: "https://x.test/a.png", data_base64: "AAAA" }, [
        { path: "body", message: 'Unrecognized key: "data_base64"' },
      ]);
      const form = (f: FormData, details: { path: string; message: string }[]) =>
        rejects(
          routes.screenshots.POST,
          "POST",
          { as: A.tenant.admin, params, rawBody: f },
          400,
          invalid("body", details),
        );
      const noFile = new FormData();
      noFile.append("action", "x");
      await form(noFile, [{ path: "body.file", message: "required: the image file" }]);
      await form(imageForm(PNG_1x1, { fields: { colour: "red" } }), [
        { path: "body", message: 'Unrecognized key: "colour"' },
      ]);
      await form(imageForm(PNG_1x1, { fields: { confidence: "2" } }), [
        { path: "body.confidence", message: "Too big: expected number to be <=1" },
      ]);
      await form(imageForm(PNG_1x1, { fields: { metadata: "{" } }), [
        { path: "body.metadata", message: "must be a JSON object" },
      ]);
      const twoFiles = imageForm(PNG_1x1);
      twoFiles.append("file", new Blob([new Uint8Array(PNG_1x1)], { type: "image/png" }), "b.png");
      await form(twoFiles, [{ path: "body.file", message: "must be exactly one image file" }]);
      await rejects(
        routes.screenshots.POST,
        "POST",
        {
          as: A.tenant.admin,
          params,
          rawBody: "--x\r\nnot really multipart",
          headers: { "content-type": "multipart/form-data; boundary=x" },
        },
        400,
        errorBody("bad_request", "Body is not valid multipart/form-data"),
      );
    });

    it("422 past 50 screenshots; 409 once ended; GET 404 for a missing index, 400 for a bad one", async () => {
      const run = await A.fixtures("admin").runningRun();
      const fifty = Array.from({ length: 50 }, (_, i) => ({
        url: `https://x.test/${i}.png`,
        timestamp: "2030-01-01T00:00:00.000Z",
      }));
      await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        tx.execute(
          sql`update workflow_run_steps set screenshots = ${JSON.stringify(fifty)}::jsonb where run_id = ${run.id} and step_number = 1`,
        ),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params: at(run), body: { url: "https://x.test/51.png" } },
        422,
        errorBody("unprocessable", "Step 1 already has 50 screenshots", { limit: 50 }),
      );
      // uploads: at most 20 MB of image bytes per step
      const heavy = await A.fixtures("admin").runningRun();
      const held = [
        { url: "x", timestamp: "2030-01-01T00:00:00.000Z", size: 20 * 1024 * 1024 - 10, data_base64: "AA==" },
      ];
      await withTenant(ctx().db, A.tenant.org.id, (tx) =>
        tx.execute(
          sql`update workflow_run_steps set screenshots = ${JSON.stringify(held)}::jsonb where run_id = ${heavy.id} and step_number = 1`,
        ),
      );
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params: at(heavy), rawBody: imageForm(PNG_1x1) },
        422,
        errorBody(
          "unprocessable",
          `Step 1 already holds ${20 * 1024 * 1024 - 10} bytes of uploaded images; the limit is 20971520`,
          {
            limit: 20971520,
            held: 20 * 1024 * 1024 - 10,
          },
        ),
      );
      const done = await A.fixtures("admin").completedRun();
      await rejects(
        routes.screenshots.POST,
        "POST",
        { as: A.tenant.admin, params: at(done), rawBody: imageForm(PNG_1x1) },
        409,
        closedRun(done.publicId, "completed"),
      );
      await rejects(
        routes.screenshot.GET,
        "GET",
        { as: A.tenant.admin, params: { ...at(run), index: "50" } },
        404,
        errorBody("not_found", "Screenshot not found"),
      );
      await rejects(
        routes.screenshot.GET,
        "GET",
        { as: A.tenant.admin, params: { ...at(run, 5), index: "0" } },
        404,
        errorBody("not_found", `Run ${run.publicId} has no step 5`),
      );
      await rejects(
        routes.screenshot.GET,
        "GET",
        { as: A.tenant.admin, params: { ...at(run), index: "01" } },
        400,
        invalid("params", [{ path: "params.index", message: "must be a screenshot index (0, 1, …)" }]),
      );
    });

    describe("POST", () =>
      stepRejections(routes.screenshots.POST, "POST", { body: { url: "https://x.test/a.png" } }));
    describe("GET {index}", () =>
      commonRejections(routes.screenshot.GET, "GET", () => ({ params: { stepNumber: "1", index: "0" } }), {
        analystAllowed: true,
      }));
  });

  // ── approvals ──────────────────────────────────────────────────────────────────────────────────
  describe("POST …/steps/{n}/approve", () => {
    const approve = (as: Caller, run: WorkflowRun, body: unknown) =>
      call(routes.approve.POST, "POST", { as, params: at(run), body });

    it("a listed approver's approval releases the step (1 of 1); the run resumes", async () => {
      const run = await A.fixtures("manager").approvalRun();
      const res = await approve(A.tenant.recruiter, run, { decision: "approved", comment: "looks right" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        decision: "approved",
        approvals: { approved: 1, needed: 1 },
        workflow_id: run.publicId,
        run_status: "active",
        step: {
          status: "queued",
          approvals: [
            {
              user_id: A.tenant.recruiter.userId,
              user_name: expect.any(String),
              decision: "approved",
              comment: "looks right",
              at: expect.stringMatching(ISO),
            },
          ],
        },
      });
      expect((await auditOf(ctx().db, A.tenant.org.id, "step.approve")).length).toBeGreaterThan(0);
    });

    it("N of M: the step waits until the second approval; one approver cannot decide twice", async () => {
      const { admin, manager, recruiter } = A.tenant;
      const wf = await externalWorkflow(ctx().db, A.tenant.org.id, [
        {
          requiredHumanApproval: true,
          numberOfApprovalsNeeded: 2,
          approvers: [admin.userId, manager.userId, recruiter.userId],
        },
      ]);
      const run = await start(ctx().db, actorOf(admin), wf);
      const first = await approve(manager, run, { decision: "approved" });
      expect(first.body).toMatchObject({
        approvals: { approved: 1, needed: 2 },
        step: { status: "waiting_approval" },
      });
      await rejects(
        routes.approve.POST,
        "POST",
        { as: manager, params: at(run), body: { decision: "approved" } },
        409,
        errorBody("conflict", "You have already decided on this step"),
      );
      const second = await approve(admin, run, { decision: "approved" });
      expect(second.body).toMatchObject({
        approvals: { approved: 2, needed: 2 },
        step: { status: "queued" },
      });
      await rejects(
        routes.approve.POST,
        "POST",
        { as: recruiter, params: at(run), body: { decision: "approved" } },
        409,
        errorBody("illegal_transition", "Step is queued, not waiting for approval", {
          entity: "step",
          from: "queued",
          event: "approve",
        }),
      );
    });

    it("a rejection fails the step and the run", async () => {
      const run = await A.fixtures("admin").approvalRun();
      const res = await approve(A.tenant.manager, run, { decision: "rejected", comment: "wrong candidate" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        decision: "rejected",
        run_status: "failed",
        step: { status: "failed", error_message: "Rejected: wrong candidate" },
      });
    });

    it("403 for callers who are not approvers of the step (404 when they cannot see the run)", async () => {
      const { admin, manager, recruiter } = A.tenant;
      const wf = await externalWorkflow(ctx().db, A.tenant.org.id, [
        { requiredHumanApproval: true, numberOfApprovalsNeeded: 1, approvers: [admin.userId] },
      ]);
      const run = await start(ctx().db, actorOf(admin), wf);
      await rejects(
        routes.approve.POST,
        "POST",
        { as: manager, params: at(run), body: { decision: "approved" } },
        403,
        errorBody("forbidden", "You are not an approver of this step"),
      );
      await rejects(
        routes.approve.POST,
        "POST",
        { as: recruiter, params: at(run), body: { decision: "approved" } },
        404,
        runNotFound,
      );
      // a step listing nobody: managers and admins decide, recruiters may not
      const open = await externalWorkflow(ctx().db, A.tenant.org.id, [{ requiredHumanApproval: true }]);
      const own = await start(ctx().db, actorOf(recruiter), open);
      await rejects(
        routes.approve.POST,
        "POST",
        { as: recruiter, params: at(own), body: { decision: "approved" } },
        403,
        errorBody("forbidden", "You are not an approver of this step"),
      );
      expect((await approve(manager, own, { decision: "approved" })).status).toBe(200);
    });

    it("400 for decisions other than approved or rejected", async () => {
      const run = await A.fixtures("admin").approvalRun();
      await rejects(
        routes.approve.POST,
        "POST",
        { as: A.tenant.admin, params: at(run), body: { decision: "maybe" } },
        400,
        invalid("body", [
          { path: "body.decision", message: 'Invalid option: expected one of "approved"|"rejected"' },
        ]),
      );
      await rejects(
        routes.approve.POST,
        "POST",
        { as: A.tenant.admin, params: at(run), body: { decision: "approved", comment: "" } },
        400,
        invalid("body", [
          { path: "body.comment", message: "Too small: expected string to have >=1 characters" },
        ]),
      );
    });

    it("403 for an analyst even on a step listing them", async () => {
      const run = await A.fixtures("admin").approvalRun();
      await rejects(
        routes.approve.POST,
        "POST",
        { as: A.tenant.analyst, params: at(run), body: { decision: "approved" } },
        403,
        forbidden("analyst"),
      );
    });

    it("401 and cross-tenant 404", async () => {
      const run = await A.fixtures("admin").approvalRun();
      await rejects(
        routes.approve.POST,
        "POST",
        { params: at(run), body: { decision: "approved" } },
        401,
        errorBody("unauthorized", "Authentication required"),
      );
      await rejects(
        routes.approve.POST,
        "POST",
        { as: B.tenant.admin, params: at(run), body: { decision: "approved" } },
        404,
        runNotFound,
      );
    });
  });
});
