// Property: whatever the body, query or path of a step route, a bulk action or the approvals inbox,
// the route never answers 5xx, and a rejected request writes nothing (fuzzRoute). 300 cases per route
// on PGlite; screenshots are fuzzed as JSON and as multipart uploads.
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { channels, runStatuses } from "@/db/schema/enums";
import { type Caller, type CallOptions, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { bodyFor, fuzzRoute, jsonish } from "../../helpers/fuzz";
import {
  type ApiWorld,
  bodyOf,
  cachedCatalogDb,
  type Fixtures,
  fuzzRuns,
  JPEG_HEAD,
  makeApiWorld,
  nastyObject,
  nastyText,
  PNG_1x1,
  queryOf,
  routes,
  runRefs,
  stepNumbers,
  WEBP_HEAD,
} from "../../helpers/runs-api";

type Handler = Parameters<typeof fuzzRoute>[1];
const LONG = 600_000;

describeDrivers("execution API fuzzing: step routes, bulk actions, approvals", (ctx) => {
  let A: ApiWorld;
  let B: ApiWorld;
  let fuzzDb: Database;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    A = await makeApiWorld(ctx().handle);
    B = await makeApiWorld(ctx().handle);
    fuzzDb = cachedCatalogDb(ctx().db);
  });

  const callers = () => fc.constantFrom<Caller>(A.tenant.admin, A.tenant.manager, A.tenant.recruiter);

  async function fuzz(
    handler: Handler,
    method: string,
    arb: fc.Arbitrary<CallOptions>,
    expectAccepted = true,
  ) {
    const result = await fuzzRoute(fuzzDb, handler, method, arb, fuzzRuns(ctx().driver));
    expect(result.rejected).toBeGreaterThan(0);
    if (expectAccepted) expect(result.accepted).toBeGreaterThan(0);
  }

  async function refs(
    kind: keyof Pick<Fixtures, "queuedRun" | "runningRun" | "approvalRun" | "uploadRun">,
    count = 4,
  ) {
    const own: string[] = [];
    for (let i = 0; i < count; i++) {
      const run = await A.fixtures("admin")[kind]();
      own.push(run.publicId, run.id);
    }
    const foreign = [(await B.fixtures("admin")[kind]()).publicId];
    return runRefs(own, foreign);
  }

  it(
    "GET /api/workflow/executions/{id}/steps/{n} (path parameters)",
    async () => {
      const workflowId = await refs("queuedRun", 2);
      await fuzz(
        routes.step.GET,
        "GET",
        fc.record({
          as: fc.constantFrom<Caller>(A.tenant.recruiter, A.tenant.analyst, A.tenant.admin),
          params: fc.record({ workflowId, stepNumber: stepNumbers }),
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/steps/{n}/complete",
    async () => {
      const workflowId = await refs("runningRun", 8);
      const body = bodyOf(
        {
          status: fc.constantFrom("completed", "failed", "x"),
          output: nastyObject,
          error: nastyText,
          error_details: nastyObject,
          retryable: fc.oneof(fc.boolean(), jsonish),
        },
        fc.oneof(
          fc.constant({ status: "completed" }),
          fc.record({ status: fc.constant("failed"), error: fc.constant("x"), retryable: fc.boolean() }),
        ),
      );
      await fuzz(
        routes.stepComplete.POST,
        "POST",
        fc.record({ as: callers(), params: fc.record({ workflowId, stepNumber: stepNumbers }), body }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/steps/{n}/events",
    async () => {
      const workflowId = await refs("runningRun", 3);
      const body = bodyOf(
        {
          type: fc.oneof(fc.constantFrom("page_loaded", "step.claim", "Run.x", "a:b-c.d"), nastyText),
          data: nastyObject,
        },
        fc.record({
          type: fc.constantFrom("page_loaded", "element_clicked"),
          data: fc.dictionary(fc.string({ maxLength: 6 }), jsonish, { maxKeys: 3 }),
        }),
      );
      await fuzz(
        routes.events.POST,
        "POST",
        fc.record({ as: callers(), params: fc.record({ workflowId, stepNumber: stepNumbers }), body }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/steps/{n}/screenshots (JSON)",
    async () => {
      const workflowId = await refs("runningRun", 3);
      const url = fc.oneof(
        fc.constantFrom(
          "https://x.test/a.png",
          "s3://bucket/k.png",
          "gs://b/k",
          "javascript:alert(1)",
          "/relative",
        ),
        nastyText,
      );
      const valid = fc.record(
        {
          url: fc.constantFrom("https://x.test/a.png", "s3://bucket/k.png"),
          element_found: fc.boolean(),
          confidence: fc.double({ min: 0, max: 1, noNaN: true }),
          metadata: fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 3 }),
        },
        { requiredKeys: ["url"] },
      );
      const body = fc.oneof(
        valid,
        bodyOf({
          url,
          thumbnail_url: url,
          action: nastyText,
          selector: nastyText,
          element_found: fc.oneof(fc.boolean(), jsonish),
          confidence: fc.oneof(fc.double(), jsonish),
          metadata: nastyObject,
        }),
      );
      await fuzz(
        routes.screenshots.POST,
        "POST",
        fc.record({ as: callers(), params: fc.record({ workflowId, stepNumber: stepNumbers }), body }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/steps/{n}/screenshots (multipart)",
    async () => {
      const workflowId = await refs("runningRun", 3);
      const bytes = fc.oneof(
        fc.constantFrom(PNG_1x1, JPEG_HEAD, WEBP_HEAD, Buffer.from("GIF89a...."), Buffer.alloc(0)),
        fc.uint8Array({ maxLength: 64 }),
      );
      const fieldName = fc.oneof(
        fc.constantFrom(
          "action",
          "selector",
          "element_found",
          "confidence",
          "metadata",
          "thumbnail_url",
          "file",
          "url",
        ),
        fc.string({ maxLength: 8 }),
      );
      const form = fc
        .record({
          file: fc.option(
            fc.record({
              bytes,
              type: fc.constantFrom(
                "image/png",
                "image/jpeg",
                "",
                "text/html",
                "application/octet-stream",
                "image/gif",
              ),
              name: nastyText,
            }),
          ),
          fields: fc.array(fc.tuple(fieldName, nastyText), { maxLength: 4 }),
        })
        .map(({ file, fields }) => {
          const f = new FormData();
          if (file)
            f.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name || "x");
          for (const [k, v] of fields) f.append(k, v);
          return f;
        });
      const validForm = fc.constantFrom(PNG_1x1, JPEG_HEAD, WEBP_HEAD).map((b) => {
        const f = new FormData();
        f.append("file", new Blob([new Uint8Array(b)], { type: "application/octet-stream" }), "shot");
        return f;
      });
      const rawBody = fc.oneof(
        { weight: 2, arbitrary: validForm },
        { weight: 4, arbitrary: form },
        { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `--b\r\n${s}`) },
      );
      await fuzz(
        routes.screenshots.POST,
        "POST",
        fc
          .record({ as: callers(), params: fc.record({ workflowId, stepNumber: stepNumbers }), rawBody })
          .map((o) =>
            typeof o.rawBody === "string"
              ? { ...o, headers: { "content-type": "multipart/form-data; boundary=b" } }
              : o,
          ),
      );
    },
    LONG,
  );

  it(
    "GET /api/workflow/executions/{id}/steps/{n}/screenshots/{index} (path parameters)",
    async () => {
      const workflowId = await refs("uploadRun", 2);
      // mostly the one screenshot that exists, so the success path is reached in every run of 60
      const index = fc.oneof(
        { weight: 4, arbitrary: fc.constant("0") },
        { weight: 1, arbitrary: fc.constantFrom("1", "01", "-1", "9999", "99999") },
        { weight: 1, arbitrary: nastyText },
      );
      await fuzz(
        routes.screenshot.GET,
        "GET",
        fc.record({ as: callers(), params: fc.record({ workflowId, stepNumber: stepNumbers, index }) }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/steps/{n}/approve",
    async () => {
      const workflowId = await refs("approvalRun", 8);
      const body = bodyOf(
        { decision: fc.constantFrom("approved", "rejected", "maybe"), comment: nastyText },
        fc.record({ decision: fc.constantFrom("approved", "rejected") }),
      );
      await fuzz(
        routes.approve.POST,
        "POST",
        fc.record({
          as: fc.constantFrom<Caller>(A.tenant.admin, A.tenant.manager, A.tenant.recruiter, A.tenant.analyst),
          params: fc.record({ workflowId, stepNumber: stepNumbers }),
          body,
        }),
      );
    },
    LONG,
  );

  /** Filters for bulk bodies; `restrict` is always present so an accepted filter never selects everything. */
  const bulkFilter = (restrict: Record<string, fc.Arbitrary<unknown>>) =>
    fc.record(
      {
        ...restrict,
        scope: fc.constantFrom("mine", "org", "x"),
        channel: fc.oneof(
          fc.constantFrom(...channels),
          fc.array(fc.constantFrom(...channels, "fax"), { maxLength: 2 }),
        ),
        q: nastyText,
        context: nastyObject,
        from: fc.constantFrom("2030-01-01", "2021-02-30", "x"),
        to: fc.constantFrom("2000-01-01T00:00:00Z", "x"),
        workflow: fc.constantFrom(A.workflowId, "x"),
      },
      { requiredKeys: Object.keys(restrict) as never[] },
    );

  it(
    "POST /api/workflow/executions/bulk/cancel",
    async () => {
      const ids = await refs("queuedRun", 6);
      const body = fc.oneof(
        { weight: 2, arbitrary: fc.record({ ids: fc.array(ids, { maxLength: 4 }) }) },
        {
          weight: 2,
          arbitrary: fc.record({
            filter: bulkFilter({
              status: fc.oneof(
                fc.constantFrom(...runStatuses, "x"),
                fc.array(fc.constantFrom(...runStatuses)),
              ),
            }),
          }),
        },
        { weight: 1, arbitrary: bodyFor(["ids", "filter"]) },
      );
      await fuzz(
        routes.bulkCancel.POST,
        "POST",
        fc.record({
          as: fc.constantFrom<Caller>(A.tenant.admin, A.tenant.manager, A.tenant.recruiter),
          body,
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/bulk/rerun",
    async () => {
      const failed: string[] = [];
      for (let i = 0; i < 3; i++) failed.push((await A.fixtures("manager").failedRun()).publicId);
      const ids = runRefs(failed, [(await B.fixtures("admin").failedRun()).publicId]);
      // reruns start pending runs: a filter on failed runs never selects what earlier cases created
      const body = fc.oneof(
        { weight: 2, arbitrary: fc.record({ ids: fc.array(ids, { maxLength: 3 }) }) },
        { weight: 2, arbitrary: fc.record({ filter: bulkFilter({ status: fc.constant("failed") }) }) },
        { weight: 1, arbitrary: bodyFor(["ids"]) },
      );
      await fuzz(
        routes.bulkRerun.POST,
        "POST",
        fc.record({ as: fc.constantFrom<Caller>(A.tenant.manager, A.tenant.analyst), body }),
      );
    },
    LONG,
  );

  it(
    "GET /api/approvals",
    async () => {
      await A.fixtures("admin").approvalRun();
      const query = queryOf({ limit: fc.oneof(fc.integer({ min: -1, max: 250 }).map(String), nastyText) });
      await fuzz(
        routes.approvals.GET,
        "GET",
        fc.record({
          as: fc.constantFrom<Caller>(A.tenant.admin, A.tenant.recruiter, A.tenant.analyst),
          query,
        }),
      );
    },
    LONG,
  );
});
