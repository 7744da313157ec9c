// Shared fixtures of the execution API tests (tests/integration/api/runs-*.test.ts): tenants with a
// caller per role, workflows of `external` steps, runs in every state a route needs, and the table of
// every route of the area (file, method, permission, a valid request against fresh fixtures, and the
// status that request answers) that the role, cross-tenant and 401 matrices iterate.
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import * as approvalsRoute from "@/app/api/approvals/route";
import * as retentionRoute from "@/app/api/admin/retention/route";
import * as batchRoute from "@/app/api/matching/batch/route";
import * as cancelRoute from "@/app/api/workflow/executions/[workflowId]/cancel/route";
import * as completeRoute from "@/app/api/workflow/executions/[workflowId]/complete/route";
import * as contextKeyRoute from "@/app/api/workflow/executions/[workflowId]/context/[key]/route";
import * as contextRoute from "@/app/api/workflow/executions/[workflowId]/context/route";
import * as endpointsRoute from "@/app/api/workflow/executions/[workflowId]/endpoints/route";
import * as rerunFromRoute from "@/app/api/workflow/executions/[workflowId]/rerun-from/route";
import * as rerunRoute from "@/app/api/workflow/executions/[workflowId]/rerun/route";
import * as runRoute from "@/app/api/workflow/executions/[workflowId]/route";
import * as statusRoute from "@/app/api/workflow/executions/[workflowId]/status/route";
import * as approveRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/approve/route";
import * as stepCompleteRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/complete/route";
import * as eventsRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/events/route";
import * as manualStartRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/manual-start/route";
import * as retryRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/retry/route";
import * as stepRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/route";
import * as screenshotRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/screenshots/[index]/route";
import * as screenshotsRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/screenshots/route";
import * as startRoute from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/start/route";
import * as bulkCancelRoute from "@/app/api/workflow/executions/bulk/cancel/route";
import * as bulkRerunRoute from "@/app/api/workflow/executions/bulk/rerun/route";
import * as executionsRoute from "@/app/api/workflow/executions/route";
import * as workflowStatusRoute from "@/app/api/workflow/status/route";
import { type Database, type DbHandle, rows } from "@/db/client";
import {
  auditLogs,
  type JobDescription,
  type Resume,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowRunSteps,
  workflowRuns,
} from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { can, type Permission } from "@/lib/auth/permissions";
import { attachScreenshot, completeExternalStep, startExternalStep } from "@/lib/engine/external";
import { type Actor, type StartRunInput, startRun } from "@/lib/engine/runs";
import { type Caller, type CallOptions, call, makeTenant } from "./api";
import { type NodeDefinition, nodeDefaults } from "@/lib/workflows/definitions";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import { makeJobDescription, makeResume, uniq } from "./factories";
import { bodyFor, jsonish, queryFor, writeFingerprint } from "./fuzz";

export const roles = ["admin", "manager", "recruiter", "analyst"] as const satisfies readonly UserRole[];
export type ApiTenant = Awaited<ReturnType<typeof makeTenant>>;
export { call, makeTenant };

export const WF = /^WF-[0-9A-HJKMNP-TV-Z]{12}$/;
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function actorOf(c: Caller): Actor & { userId: string; role: UserRole } {
  return { orgId: c.orgId, userId: c.userId, role: c.role };
}

/** The exact error body of the API. */
export function errorBody(code: string, message: string | RegExp, details?: unknown) {
  return {
    error: {
      code,
      message: typeof message === "string" ? message : expect.stringMatching(message),
      ...(details === undefined ? {} : { details }),
    },
  };
}

export const forbidden = (role: UserRole) => errorBody("forbidden", `Your role (${role}) may not do this`);
export const runNotFound = errorBody("not_found", "Run not found");
export const unauthorized = errorBody("unauthorized", "Authentication required");

export type TestNode = Partial<Omit<NodeDefinition, "key">>;

/** A workflow of external steps (executors drive them over the API): a count, or per-node overrides. */
export async function externalWorkflow(db: Database, orgId: string, nodes: TestNode[] | number = 2) {
  const list: TestNode[] = typeof nodes === "number" ? Array.from({ length: nodes }, () => ({})) : nodes;
  const created = await withTenant(db, orgId, (tx) =>
    insertWorkflowDefinition(tx, orgId, {
      name: uniq("External workflow"),
      description: "API test workflow",
      nodes: list.map((n, i) => ({
        ...nodeDefaults,
        stepName: `Step ${i + 1}`,
        stepType: "external",
        stepDescription: `external step ${i + 1}`,
        maxRetries: 0,
        ioSchema: { inputs: [], outputs: [] },
        ...n,
        key: `n${i + 1}`,
      })),
      bindings: [],
      channels: [],
    }),
  );
  return created.workflowId;
}

/** Starts a run as `actor` in its own tenant transaction (the engine's startRun, as the API would). */
export function start(db: Database, actor: Actor, workflowId: string, input: Partial<StartRunInput> = {}) {
  return withTenant(db, actor.orgId, (tx) => startRun(tx, actor, { workflowId, channel: "web", ...input }));
}

export async function readRun(db: Database, id: string): Promise<WorkflowRun> {
  const [run] = await db
    .select()
    .from(workflowRuns)
    .where(id.startsWith("WF-") ? eq(workflowRuns.publicId, id) : eq(workflowRuns.id, id));
  if (!run) throw new Error(`run ${id} not found`);
  return run;
}

export function readSteps(db: Database, runId: string): Promise<WorkflowRunStep[]> {
  return db
    .select()
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, runId))
    .orderBy(asc(workflowRunSteps.stepNumber));
}

export async function readStep(db: Database, runId: string, stepNumber: number): Promise<WorkflowRunStep> {
  const [step] = await db
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepNumber, stepNumber)));
  if (!step) throw new Error(`step ${stepNumber} of ${runId} not found`);
  return step;
}

/** Audit entries of an organization for one action, newest first. */
export function auditOf(db: Database, orgId: string, action: string) {
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action)))
    .orderBy(asc(auditLogs.createdAt));
}

/** A 1×1 PNG (valid magic bytes and structure). */
export const PNG_1x1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
export const JPEG_HEAD = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
]);
export const WEBP_HEAD = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from("WEBPVP8 "),
  Buffer.alloc(24),
]);

/** A multipart body with `file` (bytes, type, name) and text fields. */
export function imageForm(
  bytes: Uint8Array,
  options: { type?: string; name?: string; fields?: Record<string, string> } = {},
): FormData {
  const form = new FormData();
  form.append(
    "file",
    new Blob([new Uint8Array(bytes)], { type: options.type ?? "image/png" }),
    options.name ?? "shot.png",
  );
  for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
  return form;
}

// ── fixtures: runs in every state a route needs, owned by one caller ──────────────────────────────

export type Fixtures = ReturnType<typeof fixturesFor>;

/**
 * Run factories of one tenant, owned by `owner` (an analyst cannot start runs: the admin owns theirs).
 * Every factory makes a fresh run, so a route that changes a run never disturbs the next case.
 */
export function fixturesFor(
  db: Database,
  tenant: ApiTenant,
  owner: Caller,
  shared: {
    workflowId: string;
    manualWorkflowId: string;
    approvalWorkflowId: string;
    jd: JobDescription;
    resume: Resume;
  },
) {
  const actor = actorOf(owner);
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.org.id, fn);
  const fx = {
    tenant,
    owner,
    ...shared,
    /** Two external steps; step 1 queued, context {seed: true}. */
    queuedRun: () => start(db, actor, shared.workflowId, { channel: "api", context: { seed: true } }),
    /** Step 1 running under the owner's API lease. */
    async runningRun() {
      const run = await fx.queuedRun();
      await inTenant((tx) => startExternalStep(tx, actor, run, 1));
      return readRun(db, run.id);
    },
    /** Step 1 failed for good (retryable false): the run failed. */
    async failedRun() {
      const run = await fx.runningRun();
      await inTenant((tx) =>
        completeExternalStep(tx, actor, run, 1, { status: "failed", error: "boom", retryable: false }),
      );
      return readRun(db, run.id);
    },
    /** Both steps completed: the run completed. */
    async completedRun() {
      const run = await fx.runningRun();
      await inTenant((tx) =>
        completeExternalStep(tx, actor, run, 1, { status: "completed", output: { a: 1 } }),
      );
      await inTenant((tx) => startExternalStep(tx, actor, run, 2));
      await inTenant((tx) =>
        completeExternalStep(tx, actor, run, 2, { status: "completed", output: { b: 2 } }),
      );
      return readRun(db, run.id);
    },
    /** Step 1 waits for one approval from any of the tenant's four users. */
    approvalRun: () => start(db, actor, shared.approvalWorkflowId, { channel: "api" }),
    /** Step 1 waits for a manual start. */
    manualRun: () => start(db, actor, shared.manualWorkflowId, { channel: "api" }),
    /** Step 1 running with an uploaded PNG at screenshot index 0. */
    async uploadRun() {
      const run = await fx.runningRun();
      await inTenant((tx) =>
        attachScreenshot(tx, actor, run, 1, (i) => ({
          url: `/api/workflow/executions/${run.publicId}/steps/1/screenshots/${i}`,
          timestamp: new Date().toISOString(),
          content_type: "image/png",
          size: PNG_1x1.byteLength,
          sha256: "0",
          data_base64: PNG_1x1.toString("base64"),
        })),
      );
      return run;
    },
  };
  return fx;
}

/** An organization with a caller per role, the test workflows, a job and a resume. */
export async function makeApiWorld(handle: DbHandle) {
  const db = handle.db;
  const tenant = await makeTenant(handle);
  const orgId = tenant.org.id;
  const everyone = roles.map((r) => tenant[r].userId);
  const workflowId = await externalWorkflow(db, orgId, 2);
  const manualWorkflowId = await externalWorkflow(db, orgId, [{ autoStart: false }, {}]);
  const approvalWorkflowId = await externalWorkflow(db, orgId, [
    { requiredHumanApproval: true, numberOfApprovalsNeeded: 1, approvers: everyone },
    {},
  ]);
  const { jd, resume } = await withTenant(db, orgId, async (tx) => ({
    jd: await makeJobDescription(tx, {
      orgId,
      title: "Senior Software Engineer",
      description: "TypeScript, PostgreSQL and distributed systems; 5+ years.",
      createdBy: tenant.admin.userId,
    }),
    resume: await makeResume(tx, { orgId, uploadedBy: tenant.recruiter.userId }),
  }));
  const shared = { workflowId, manualWorkflowId, approvalWorkflowId, jd, resume };
  return {
    tenant,
    ...shared,
    /** Fixtures owned by `role` (the analyst's by the admin). */
    fixtures: (role: UserRole) =>
      fixturesFor(db, tenant, role === "analyst" ? tenant.admin : tenant[role], shared),
  };
}

export type ApiWorld = Awaited<ReturnType<typeof makeApiWorld>>;

// ── the route table ───────────────────────────────────────────────────────────────────────────────

type Handler = Parameters<typeof call>[0];

export type RouteCase = {
  name: string;
  file: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  handler: Handler;
  permission: Permission;
  /** Whether the path names a run (the cross-tenant matrix expects 404 for foreign ones). */
  byRun: boolean;
  /** A valid request against fresh fixtures (without `as`). */
  request: (fx: Fixtures) => Promise<CallOptions>;
  /** The status that request answers when the caller may make it. */
  ok: number;
};

const E = "app/api/workflow/executions";
const S = `${E}/[workflowId]/steps/[stepNumber]`;
const step1 = (run: WorkflowRun) => ({ workflowId: run.publicId, stepNumber: "1" });

export const routeCases: RouteCase[] = [
  {
    name: "POST /api/matching/batch",
    file: "app/api/matching/batch/route.ts",
    method: "POST",
    handler: batchRoute.POST,
    permission: "runs:start",
    byRun: false,
    request: async (fx) => ({ body: { jd_id: fx.jd.publicId, resume_ids: [fx.resume.id] } }),
    ok: 202,
  },
  {
    name: "GET /api/workflow/executions",
    file: `${E}/route.ts`,
    method: "GET",
    handler: executionsRoute.GET,
    permission: "runs:read_own",
    byRun: false,
    request: async () => ({ query: {} }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions",
    file: `${E}/route.ts`,
    method: "POST",
    handler: executionsRoute.POST,
    permission: "runs:report",
    byRun: false,
    request: async (fx) => ({ body: { workflow_id: fx.workflowId, channel: "voice" } }),
    ok: 201,
  },
  {
    name: "GET /api/workflow/executions/{id}",
    file: `${E}/[workflowId]/route.ts`,
    method: "GET",
    handler: runRoute.GET,
    permission: "runs:read_own",
    byRun: true,
    request: async (fx) => ({ params: { workflowId: (await fx.queuedRun()).publicId } }),
    ok: 200,
  },
  {
    name: "PUT /api/workflow/executions/{id}/status",
    file: `${E}/[workflowId]/status/route.ts`,
    method: "PUT",
    handler: statusRoute.PUT,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId },
      body: { status: "cancelled", error: "no longer needed" },
    }),
    ok: 200,
  },
  {
    name: "GET /api/workflow/status",
    file: "app/api/workflow/status/route.ts",
    method: "GET",
    handler: workflowStatusRoute.GET,
    permission: "runs:read_own",
    byRun: false,
    request: async () => ({}),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/cancel",
    file: `${E}/[workflowId]/cancel/route.ts`,
    method: "POST",
    handler: cancelRoute.POST,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId },
      body: { reason: "test" },
    }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/rerun",
    file: `${E}/[workflowId]/rerun/route.ts`,
    method: "POST",
    handler: rerunRoute.POST,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({ params: { workflowId: (await fx.failedRun()).publicId } }),
    ok: 201,
  },
  {
    name: "POST /api/workflow/executions/{id}/rerun-from",
    file: `${E}/[workflowId]/rerun-from/route.ts`,
    method: "POST",
    handler: rerunFromRoute.POST,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.failedRun()).publicId },
      body: { step_number: 1 },
    }),
    ok: 201,
  },
  {
    name: "POST /api/workflow/executions/{id}/complete",
    file: `${E}/[workflowId]/complete/route.ts`,
    method: "POST",
    handler: completeRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId },
      body: { status: "failed", error: "executor gave up" },
    }),
    ok: 200,
  },
  {
    name: "GET /api/workflow/executions/{id}/context",
    file: `${E}/[workflowId]/context/route.ts`,
    method: "GET",
    handler: contextRoute.GET,
    permission: "runs:read_own",
    byRun: true,
    request: async (fx) => ({ params: { workflowId: (await fx.queuedRun()).publicId } }),
    ok: 200,
  },
  {
    name: "PATCH /api/workflow/executions/{id}/context",
    file: `${E}/[workflowId]/context/route.ts`,
    method: "PATCH",
    handler: contextRoute.PATCH,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId },
      body: { values: { a: 1 } },
    }),
    ok: 200,
  },
  {
    name: "GET /api/workflow/executions/{id}/context/{key}",
    file: `${E}/[workflowId]/context/[key]/route.ts`,
    method: "GET",
    handler: contextKeyRoute.GET,
    permission: "runs:read_own",
    byRun: true,
    request: async (fx) => ({ params: { workflowId: (await fx.queuedRun()).publicId, key: "seed" } }),
    ok: 200,
  },
  {
    name: "PUT /api/workflow/executions/{id}/context/{key}",
    file: `${E}/[workflowId]/context/[key]/route.ts`,
    method: "PUT",
    handler: contextKeyRoute.PUT,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId, key: "session.id" },
      body: { value: { id: "abc123" } },
    }),
    ok: 200,
  },
  {
    name: "DELETE /api/workflow/executions/{id}/context/{key}",
    file: `${E}/[workflowId]/context/[key]/route.ts`,
    method: "DELETE",
    handler: contextKeyRoute.DELETE,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({ params: { workflowId: (await fx.queuedRun()).publicId, key: "seed" } }),
    ok: 204,
  },
  {
    name: "POST /api/workflow/executions/{id}/endpoints",
    file: `${E}/[workflowId]/endpoints/route.ts`,
    method: "POST",
    handler: endpointsRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: { workflowId: (await fx.queuedRun()).publicId },
      body: { endpoint: "https://ats.example.test/api/candidates", method: "POST", status: 201 },
    }),
    ok: 201,
  },
  {
    name: "GET /api/workflow/executions/{id}/steps/{n}",
    file: `${S}/route.ts`,
    method: "GET",
    handler: stepRoute.GET,
    permission: "runs:read_own",
    byRun: true,
    request: async (fx) => ({ params: step1(await fx.queuedRun()) }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/start",
    file: `${S}/start/route.ts`,
    method: "POST",
    handler: startRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({ params: step1(await fx.queuedRun()) }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/complete",
    file: `${S}/complete/route.ts`,
    method: "POST",
    handler: stepCompleteRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: step1(await fx.runningRun()),
      body: { status: "completed", output: { ok: true } },
    }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/retry",
    file: `${S}/retry/route.ts`,
    method: "POST",
    handler: retryRoute.POST,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({ params: step1(await fx.failedRun()) }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/events",
    file: `${S}/events/route.ts`,
    method: "POST",
    handler: eventsRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: step1(await fx.runningRun()),
      body: { type: "page_loaded", data: { url: "https://example.com/login", load_time_ms: 1234 } },
    }),
    ok: 201,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/screenshots",
    file: `${S}/screenshots/route.ts`,
    method: "POST",
    handler: screenshotsRoute.POST,
    permission: "runs:report",
    byRun: true,
    request: async (fx) => ({
      params: step1(await fx.runningRun()),
      body: { url: "s3://bucket/screenshot1.png", action: "click_submit", confidence: 0.95 },
    }),
    ok: 201,
  },
  {
    name: "GET /api/workflow/executions/{id}/steps/{n}/screenshots/{index}",
    file: `${S}/screenshots/[index]/route.ts`,
    method: "GET",
    handler: screenshotRoute.GET,
    permission: "runs:read_own",
    byRun: true,
    request: async (fx) => ({ params: { ...step1(await fx.uploadRun()), index: "0" } }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/approve",
    file: `${S}/approve/route.ts`,
    method: "POST",
    handler: approveRoute.POST,
    permission: "runs:approve",
    byRun: true,
    request: async (fx) => ({
      params: step1(await fx.approvalRun()),
      body: { decision: "approved", comment: "ok" },
    }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/{id}/steps/{n}/manual-start",
    file: `${S}/manual-start/route.ts`,
    method: "POST",
    handler: manualStartRoute.POST,
    permission: "runs:operate",
    byRun: true,
    request: async (fx) => ({ params: step1(await fx.manualRun()) }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/bulk/cancel",
    file: `${E}/bulk/cancel/route.ts`,
    method: "POST",
    handler: bulkCancelRoute.POST,
    permission: "runs:bulk",
    byRun: false,
    request: async (fx) => ({ body: { ids: [(await fx.queuedRun()).publicId] } }),
    ok: 200,
  },
  {
    name: "POST /api/workflow/executions/bulk/rerun",
    file: `${E}/bulk/rerun/route.ts`,
    method: "POST",
    handler: bulkRerunRoute.POST,
    permission: "runs:bulk",
    byRun: false,
    request: async (fx) => ({ body: { ids: [(await fx.failedRun()).publicId] } }),
    ok: 200,
  },
  {
    name: "GET /api/approvals",
    file: "app/api/approvals/route.ts",
    method: "GET",
    handler: approvalsRoute.GET,
    permission: "runs:approve",
    byRun: false,
    request: async () => ({ query: { limit: "20" } }),
    ok: 200,
  },
  {
    name: "GET /api/admin/retention",
    file: "app/api/admin/retention/route.ts",
    method: "GET",
    handler: retentionRoute.GET,
    permission: "retention:run",
    byRun: false,
    request: async () => ({ query: { days: "90" } }),
    ok: 200,
  },
  {
    name: "POST /api/admin/retention",
    file: "app/api/admin/retention/route.ts",
    method: "POST",
    handler: retentionRoute.POST,
    permission: "retention:run",
    byRun: false,
    request: async () => ({}),
    ok: 200,
  },
];

export function allowed(role: UserRole, rc: RouteCase): boolean {
  return can(role, rc.permission);
}

/** The route handlers, by name, for tests that call one directly. */
export const routes = {
  batch: batchRoute,
  executions: executionsRoute,
  run: runRoute,
  status: statusRoute,
  workflowStatus: workflowStatusRoute,
  cancel: cancelRoute,
  rerun: rerunRoute,
  rerunFrom: rerunFromRoute,
  complete: completeRoute,
  context: contextRoute,
  contextKey: contextKeyRoute,
  endpoints: endpointsRoute,
  step: stepRoute,
  start: startRoute,
  stepComplete: stepCompleteRoute,
  retry: retryRoute,
  events: eventsRoute,
  screenshots: screenshotsRoute,
  screenshot: screenshotRoute,
  approve: approveRoute,
  manualStart: manualStartRoute,
  bulkCancel: bulkCancelRoute,
  bulkRerun: bulkRerunRoute,
  approvals: approvalsRoute,
  retention: retentionRoute,
};

// ── shared error-case checks ──────────────────────────────────────────────────────────────────────

export const closedRun = (id: string, status: string) =>
  errorBody("conflict", `Run ${id} is ${status}; its record is closed`, { status });
export const invalid = (where: "body" | "params" | "query", details: { path: string; message: string }[]) =>
  errorBody("validation_error", `Invalid ${where}`, details);

/**
 * Error-case helpers bound to a suite's database and its two organizations: `rejects` calls a route
 * and checks the exact error body and that no table changed; `commonRejections` declares the 401,
 * 403 (analyst), 404 (unknown, foreign, another recruiter's run) and 400 (malformed id) cases every
 * run route shares.
 */
export function rejectionKit(db: () => Database, worlds: () => { A: ApiWorld; B: ApiWorld }) {
  let fast: { db: Database; proxy: Database } | null = null;
  const fingerprintDb = () => {
    if (fast?.db !== db()) fast = { db: db(), proxy: cachedCatalogDb(db()) };
    return fast.proxy;
  };
  async function rejects(
    handler: Handler,
    method: string,
    options: CallOptions,
    status: number,
    body: unknown,
  ) {
    const before = await writeFingerprint(fingerprintDb());
    const res = await call(handler, method, options);
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    expect(res.body).toEqual(body);
    expect(await writeFingerprint(fingerprintDb())).toBe(before);
  }

  type Extra = Omit<CallOptions, "as" | "params"> & { params?: Record<string, string> };

  function commonRejections(
    handler: Handler,
    method: string,
    extra: (id: string) => Extra,
    options: { analystAllowed?: boolean } = {},
  ) {
    it("401 without authentication", async () => {
      const run = await worlds().A.fixtures("recruiter").queuedRun();
      const e = extra(run.publicId);
      await rejects(
        handler,
        method,
        { ...e, params: { workflowId: run.publicId, ...e.params } },
        401,
        unauthorized,
      );
    });
    if (!options.analystAllowed) {
      it("403 for an analyst", async () => {
        const { A } = worlds();
        const run = await A.fixtures("admin").queuedRun();
        const e = extra(run.publicId);
        await rejects(
          handler,
          method,
          { ...e, as: A.tenant.analyst, params: { workflowId: run.publicId, ...e.params } },
          403,
          forbidden("analyst"),
        );
      });
    }
    it("404 for an unknown run, another organization's run and another recruiter's run", async () => {
      const { A, B } = worlds();
      const foreign = await B.fixtures("admin").queuedRun();
      const others = await A.fixtures("manager").queuedRun();
      for (const [as, id] of [
        [A.tenant.admin, "WF-999999999"],
        [A.tenant.admin, foreign.publicId],
        [A.tenant.admin, foreign.id],
        [A.tenant.recruiter, others.publicId],
      ] as [Caller, string][]) {
        const e = extra(id);
        await rejects(
          handler,
          method,
          { ...e, as, params: { workflowId: id, ...e.params } },
          404,
          runNotFound,
        );
      }
    });
    it("400 for a malformed run id", async () => {
      const { A } = worlds();
      const e = extra("nope");
      await rejects(
        handler,
        method,
        { ...e, as: A.tenant.admin, params: { workflowId: "nope", ...e.params } },
        400,
        invalid("params", [{ path: "params.workflowId", message: "Invalid input" }]),
      );
    });
  }

  return { rejects, commonRejections };
}

// ── fuzzing: request parts mixing valid-looking requests with foreign ids, junk and unstorable text ──

/**
 * The database handed to fuzzRoute, answering its write fingerprint faster with the same result. The
 * fingerprint asks the catalog for the tables (pg_class) and each table's columns (information_schema),
 * then counts every table in its own statement: on PGlite that is ~60 statements and half a second per
 * fingerprint, two per case. Here the catalog answers are cached (the schema does not change during a
 * test) and, when the table list is asked for, every table is counted in one UNION ALL statement whose
 * rows then answer the per-table counts of that same fingerprint. Counts and newest timestamps are
 * read fresh for every fingerprint, so "a rejected request writes nothing" is checked exactly as before.
 */
export function cachedCatalogDb(db: Database): Database {
  const dialect = (db as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } })
    .dialect;
  const catalog = new Map<string, unknown>();
  let withUpdatedAt: Set<string> | null = null;
  let counted = new Map<string, { n: number; at: string | null }>();

  const cachedCatalog = async (statement: SQL, key: string) => {
    if (!catalog.has(key)) catalog.set(key, await db.execute(statement));
    return catalog.get(key);
  };
  const asRows = (result: unknown) =>
    (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<
      string,
      unknown
    >[];

  const execute = async (statement: SQL) => {
    const q = dialect.sqlToQuery(statement);
    const key = `${q.sql}\u0000${JSON.stringify(q.params)}`;
    if (/\bfrom pg_class\b/.test(q.sql)) {
      const tables = await cachedCatalog(statement, key);
      const names = asRows(tables).map((r) => String(r.name));
      withUpdatedAt ??= new Set(
        (
          await rows<{ name: string }>(
            db,
            sql`select table_name::text as name from information_schema.columns where table_schema = 'public' and column_name = 'updated_at'`,
          )
        ).map((r) => r.name),
      );
      const updated = withUpdatedAt;
      const all = names.length
        ? await rows<{ t: string; n: number; at: string | null }>(
            db,
            sql.join(
              names.map(
                (n) =>
                  sql`select ${n}::text as t, count(*)::int as n, ${updated.has(n) ? sql`max(updated_at)::text` : sql`null::text`} as at from ${sql.identifier(n)}`,
              ),
              sql` union all `,
            ),
          )
        : [];
      counted = new Map(all.map((r) => [r.t, { n: r.n, at: r.at }]));
      return tables;
    }
    if (/information_schema\.columns/.test(q.sql)) return cachedCatalog(statement, key);
    const table = /^select count\(\*\)::int as n, .+ as at from "([^"]+)"$/.exec(q.sql)?.[1];
    const hit = table ? counted.get(table) : undefined;
    if (table && hit) {
      counted.delete(table);
      return [hit];
    }
    return db.execute(statement);
  };
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "execute") return execute;
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Fewer runs on PostgreSQL: the property is the same, the database round trips are slower. */
export function fuzzRuns(driver: string): number {
  const override = Number(process.env.RUNS_FUZZ_RUNS);
  if (Number.isInteger(override) && override > 0) return override;
  return driver === "pglite" ? 300 : 60;
}

/** Text that stresses the storage checks: NUL, unpaired surrogates, long and unicode strings. */
export const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "😀",
    "' or 1=1 --",
    "%_\\",
    "WF-000001",
  ),
  fc.string({ minLength: 190, maxLength: 260 }),
);

/** JSON values with nasty text inside, nested a little. */
export const nastyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    jsonish,
    nastyText,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nastyText), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A JSON object (sometimes with nasty keys or values), or sometimes not an object at all. */
export const nastyObject = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 10 }), nastyJson, { maxKeys: 4 }),
  fc.dictionary(nastyText, jsonish, { maxKeys: 2 }),
  jsonish,
);

/**
 * A body: a valid one (when given, so that accepted cases are common), a record of the given field
 * generators (each may be missing), or any body at all.
 */
export function bodyOf(
  fields: Record<string, fc.Arbitrary<unknown>>,
  valid?: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    ...(valid ? [{ weight: 2, arbitrary: valid }] : []),
    { weight: 3, arbitrary: fc.record(fields, { requiredKeys: [] }) },
    { weight: 1, arbitrary: bodyFor(Object.keys(fields)) },
  );
}

export function queryOf(
  fields: Record<string, fc.Arbitrary<string | string[]>>,
  valid?: fc.Arbitrary<Record<string, string | string[]>>,
): fc.Arbitrary<Record<string, string | string[]>> {
  return fc.oneof(
    ...(valid ? [{ weight: 2, arbitrary: valid }] : []),
    {
      weight: 3,
      arbitrary: fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string | string[]>>,
    },
    {
      weight: 1,
      arbitrary: queryFor(Object.keys(fields)) as fc.Arbitrary<Record<string, string | string[]>>,
    },
  );
}

/** Run references: mostly the given real ones, sometimes foreign, unknown or malformed. */
export function runRefs(own: string[], foreign: string[]) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...own) },
    { weight: 1, arbitrary: fc.constantFrom(...foreign) },
    { weight: 1, arbitrary: fc.constantFrom("WF-999999999", "00000000-0000-4000-8000-000000000000") },
    { weight: 1, arbitrary: nastyText },
  );
}

export const stepNumbers = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("1", "2") },
  { weight: 1, arbitrary: fc.constantFrom("0", "3", "99999", "-1", "1.5", "x") },
  { weight: 1, arbitrary: nastyText },
);
