// Property: whatever the body, query or path of a run-level route of the execution API, it never
// answers 5xx, and a rejected request writes nothing (fuzzRoute). 300 cases per route on PGlite.
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { channels, runStatuses } from "@/db/schema/enums";
import { runSorts } from "@/lib/api/schemas";
import { type Caller, type CallOptions, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { fuzzRoute, jsonish } from "../../helpers/fuzz";
import {
  type ApiWorld,
  bodyOf,
  cachedCatalogDb,
  fuzzRuns,
  makeApiWorld,
  nastyObject,
  nastyText,
  queryOf,
  routes,
  runRefs,
} from "../../helpers/runs-api";

type Handler = Parameters<typeof fuzzRoute>[1];
const LONG = 600_000;

describeDrivers("execution API fuzzing: run routes", (ctx) => {
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

  /** Fresh runs of A (owned by the admin) and a few of B, as references. */
  async function refs(kind: "queuedRun" | "failedRun" | "runningRun", count = 4) {
    const own: string[] = [];
    for (let i = 0; i < count; i++) {
      const run = await A.fixtures("admin")[kind]();
      own.push(run.publicId, run.id);
    }
    const foreign = [(await B.fixtures("admin").queuedRun()).publicId];
    return runRefs(own, foreign);
  }

  const statusLike = fc.oneof(
    fc.constantFrom(...runStatuses, "failed,cancelled", "bogus", ""),
    fc.array(fc.constantFrom(...runStatuses, "x"), { maxLength: 3 }),
  );
  const dateLike = fc.constantFrom(
    "2030-01-01",
    "2030-01-01T00:00:00Z",
    "2021-02-30",
    "0000-01-01",
    "9999-12-31T23:59:59+14:00",
    "x",
  );

  it(
    "POST /api/matching/batch",
    async () => {
      const body = bodyOf(
        {
          jd_id: fc.constantFrom(A.jd.publicId, A.jd.id, B.jd.publicId, "JD-1", "JD-x", ""),
          resume_ids: fc.oneof(
            fc.constant([A.resume.id]),
            fc.subarray([A.resume.id, B.resume.id, "00000000-0000-4000-8000-000000000000"]),
            fc.array(nastyText, { maxLength: 2 }),
          ),
          force_reprocess: fc.oneof(fc.boolean(), jsonish),
        },
        fc.record({
          jd_id: fc.constant(A.jd.publicId),
          resume_ids: fc.constant([A.resume.id]),
          force_reprocess: fc.boolean(),
        }),
      );
      await fuzz(routes.batch.POST, "POST", fc.record({ as: callers(), body }));
    },
    LONG,
  );

  it(
    "GET /api/workflow/executions",
    async () => {
      await A.fixtures("admin").queuedRun();
      const query = queryOf(
        {
          scope: fc.constantFrom("mine", "org", "all"),
          status: statusLike,
          channel: fc.oneof(
            fc.constantFrom(...channels, "fax"),
            fc.array(fc.constantFrom(...channels), { maxLength: 2 }),
          ),
          workflow: fc.constantFrom(A.workflowId, B.workflowId, "x"),
          jd_id: fc.constantFrom(A.jd.publicId, A.jd.id, "JD-1", "x"),
          started_by: fc.constantFrom(A.tenant.admin.userId, "x"),
          from: dateLike,
          to: dateLike,
          q: nastyText,
          context: fc.oneof(
            nastyObject.map((v) => JSON.stringify(v) ?? "null"),
            nastyText,
          ),
          skip: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }).map(String), nastyText),
          limit: fc.oneof(fc.integer({ min: -1, max: 60 }).map(String), nastyText),
          cursor: nastyText,
          sort: fc.constantFrom(...runSorts, "x"),
        },
        fc.record(
          {
            limit: fc.integer({ min: 1, max: 50 }).map(String),
            skip: fc.integer({ min: 0, max: 20 }).map(String),
            status: fc.constantFrom(...runStatuses),
            channel: fc.constantFrom(...channels),
            sort: fc.constantFrom(...runSorts),
            q: fc.string({ minLength: 1, maxLength: 10 }).filter((q) => q.trim().length > 0),
          },
          { requiredKeys: [] },
        ),
      );
      await fuzz(
        routes.executions.GET,
        "GET",
        fc.record({
          as: fc.constantFrom<Caller>(A.tenant.recruiter, A.tenant.analyst, A.tenant.admin),
          query,
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions",
    async () => {
      const body = bodyOf(
        {
          workflow_id: fc.constantFrom(
            A.workflowId,
            B.workflowId,
            "00000000-0000-4000-8000-000000000000",
            "x",
          ),
          channel: fc.constantFrom(...channels, "fax"),
          external_id: nastyText,
          title: nastyText,
          inputs: nastyObject,
          context: nastyObject,
          deadline_seconds: fc.oneof(fc.integer({ min: -1, max: 4_000_000 }), fc.double(), jsonish),
        },
        fc.record({
          workflow_id: fc.constant(A.workflowId),
          channel: fc.constantFrom(...channels),
          title: fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim().length > 0),
        }),
      );
      await fuzz(routes.executions.POST, "POST", fc.record({ as: callers(), body }));
    },
    LONG,
  );

  const outcome = (statuses: string[]) => ({
    status: fc.constantFrom(...statuses, "x"),
    error: nastyText,
    error_details: nastyObject,
    results: fc.dictionary(
      nastyText,
      fc.oneof(fc.integer({ min: -3, max: 2_000_000_000 }), fc.double(), jsonish),
      {
        maxKeys: 3,
      },
    ),
    metrics: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.double(), jsonish), { maxKeys: 3 }),
  });

  it(
    "PUT /api/workflow/executions/{id}/status",
    async () => {
      const workflowId = await refs("queuedRun", 6);
      await fuzz(
        routes.status.PUT,
        "PUT",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId }),
          body: bodyOf(
            outcome(["completed", "failed", "cancelled"]),
            fc.record({ status: fc.constantFrom("failed", "cancelled") }),
          ),
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/cancel",
    async () => {
      const workflowId = await refs("queuedRun", 6);
      await fuzz(
        routes.cancel.POST,
        "POST",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId }),
          body: bodyOf({ reason: nastyText }, fc.constant({})),
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/rerun-from",
    async () => {
      const workflowId = await refs("failedRun", 4);
      await fuzz(
        routes.rerunFrom.POST,
        "POST",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId }),
          body: bodyOf(
            { step_number: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double(), jsonish) },
            fc.constant({ step_number: 1 }),
          ),
        }),
      );
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/complete",
    async () => {
      const workflowId = await refs("runningRun", 6);
      await fuzz(
        routes.complete.POST,
        "POST",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId }),
          body: bodyOf(outcome(["completed", "failed"]), fc.constant({ status: "failed" })),
        }),
      );
    },
    LONG,
  );

  it(
    "PATCH /api/workflow/executions/{id}/context",
    async () => {
      const workflowId = await refs("queuedRun", 3);
      const values = fc.oneof(
        fc.dictionary(fc.oneof(fc.constantFrom("a", "b.c", "x-y", "user_session"), nastyText), nastyObject, {
          maxKeys: 4,
        }),
        jsonish,
      );
      await fuzz(
        routes.context.PATCH,
        "PATCH",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId }),
          body: bodyOf(
            { values },
            fc.record({
              values: fc.dictionary(fc.constantFrom("a", "b.c", "x-y"), jsonish, { minKeys: 1, maxKeys: 3 }),
            }),
          ),
        }),
      );
    },
    LONG,
  );

  it(
    "PUT /api/workflow/executions/{id}/context/{key}",
    async () => {
      const workflowId = await refs("queuedRun", 3);
      const key = fc.oneof(fc.constantFrom("a", "session.id", "seed"), nastyText);
      await fuzz(
        routes.contextKey.PUT,
        "PUT",
        fc.record({
          as: callers(),
          params: fc.record({ workflowId, key }),
          body: bodyOf({ value: nastyObject }, fc.record({ value: jsonish })),
        }),
      );
    },
    LONG,
  );

  it(
    "GET and DELETE /api/workflow/executions/{id}/context/{key} (path parameters)",
    async () => {
      const workflowId = await refs("queuedRun", 3);
      // mostly the key the fixture runs have, so the success path is reached in every run of 60
      const key = fc.oneof(
        { weight: 4, arbitrary: fc.constant("seed") },
        { weight: 1, arbitrary: fc.constantFrom("a", "__proto__", "constructor") },
        { weight: 1, arbitrary: nastyText },
      );
      const arb = fc.record({ as: callers(), params: fc.record({ workflowId, key }) });
      await fuzz(routes.contextKey.GET, "GET", arb);
      await fuzz(routes.contextKey.DELETE, "DELETE", arb);
    },
    LONG,
  );

  it(
    "POST /api/workflow/executions/{id}/endpoints",
    async () => {
      const workflowId = await refs("queuedRun", 3);
      const body = bodyOf(
        {
          endpoint: nastyText,
          method: fc.constantFrom("GET", "POST", "PATCH", "FETCH", "get"),
          status: fc.oneof(fc.integer({ min: 0, max: 1000 }), jsonish),
          duration_ms: fc.oneof(fc.integer({ min: -1, max: 100_000_000 }), fc.double()),
          metadata: nastyObject,
        },
        fc.record({
          endpoint: fc.constantFrom("https://x.test/a", "sip:queue"),
          method: fc.constantFrom("GET", "POST"),
          status: fc.integer({ min: 100, max: 599 }),
        }),
      );
      await fuzz(
        routes.endpoints.POST,
        "POST",
        fc.record({ as: callers(), params: fc.record({ workflowId }), body }),
      );
    },
    LONG,
  );
});
