// Role matrix and cross-tenant matrix over every resource route. The route table has, per route, a
// valid request per caller (fresh fixtures where the route changes something) and a request aimed at
// another tenant's objects, keyed like the OpenAPI entries ("METHOD /api/path/{param}").
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import * as audit from "@/app/api/audit/route";
import * as channelConfigs from "@/app/api/channel-configs/route";
import * as channelConfig from "@/app/api/channel-configs/[channel]/route";
import * as configs from "@/app/api/configs/route";
import * as configActivate from "@/app/api/configs/[configId]/activate/route";
import * as interviews from "@/app/api/interviews/route";
import * as interview from "@/app/api/interviews/[interviewId]/route";
import * as interviewRestore from "@/app/api/interviews/[interviewId]/restore/route";
import * as jobs from "@/app/api/jobs/route";
import * as job from "@/app/api/jobs/[jobId]/route";
import * as jobRestore from "@/app/api/jobs/[jobId]/restore/route";
import * as resumes from "@/app/api/resumes/route";
import * as resume from "@/app/api/resumes/[resumeId]/route";
import * as resumeFile from "@/app/api/resumes/[resumeId]/file/route";
import * as savedViews from "@/app/api/saved-views/route";
import * as savedView from "@/app/api/saved-views/[viewId]/route";
import * as settings from "@/app/api/settings/route";
import * as todos from "@/app/api/todos/route";
import * as todo from "@/app/api/todos/[todoId]/route";
import * as todoRestore from "@/app/api/todos/[todoId]/restore/route";
import * as users from "@/app/api/users/route";
import * as user from "@/app/api/users/[userId]/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import * as wfActiveConfig from "@/app/api/workflows/[workflowId]/active-config/route";
import * as wfChannels from "@/app/api/workflows/[workflowId]/channels/route";
import * as wfChannel from "@/app/api/workflows/[workflowId]/channels/[channel]/route";
import * as wfRestore from "@/app/api/workflows/[workflowId]/restore/route";
import * as wfVersions from "@/app/api/workflows/[workflowId]/versions/route";
import * as wfVersion from "@/app/api/workflows/[workflowId]/versions/[version]/route";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { userRoles } from "@/db/schema/enums";
import { resourceRouteDocs } from "@/lib/api/openapi/resources";
import { can } from "@/lib/auth/permissions";
import { withTenant } from "@/db/tenant";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import { nodeDefaults } from "@/lib/workflows/definitions";
import type { Caller, CallOptions } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import {
  makeInterview,
  makeJobDescription,
  makeResume,
  makeSavedView,
  makeTodo,
  makeUser,
  makeWorkflowConfig,
  uniq,
} from "../../helpers/factories";
import {
  call,
  crossSite,
  expectError,
  type Handler,
  multipart,
  orgFingerprint,
  type ResTenant,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";
import { coveredRoutes } from "./res.covered";

type RouteCase = {
  /** The route file, as covered.ts lists it. */
  file: string;
  handler: Handler;
  method: string;
  /** Status of a successful call. */
  ok: number;
  /** A valid request for `caller` of tenant `t` (fresh objects where the call changes them). */
  make: (db: Database, t: ResTenant, caller: Caller) => Promise<CallOptions>;
  /** A request by tenant A's admin aimed at tenant B's objects; the expected status (404 unless said). */
  foreign?: (db: Database, B: ResTenant) => Promise<CallOptions & { expect?: number }>;
};

const inTenant = <T>(db: Database, t: ResTenant, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(db, t.org.id, fn);

const fx = {
  job: (db: Database, t: ResTenant, deleted = false) =>
    inTenant(db, t, (tx) =>
      makeJobDescription(tx, { orgId: t.org.id, isDeleted: deleted, deletedAt: deleted ? new Date() : null }),
    ),
  resume: (db: Database, t: ResTenant) => inTenant(db, t, (tx) => makeResume(tx, { orgId: t.org.id })),
  workflow: async (db: Database, t: ResTenant) => {
    const created = await inTenant(db, t, (tx) =>
      insertWorkflowDefinition(tx, t.org.id, {
        name: uniq("Matrix workflow"),
        description: "",
        nodes: [
          {
            ...nodeDefaults,
            key: "n1",
            stepName: "Only",
            stepType: "todo",
            stepDescription: "",
            ioSchema: { inputs: [], outputs: [] },
          },
        ],
        bindings: [],
        channels: [],
      }),
    );
    return created.workflowId;
  },
  deletedWorkflow: async (db: Database, t: ResTenant) => {
    const id = await fx.workflow(db, t);
    await db.execute(sql`update workflows set is_deleted = true, deleted_at = now() where id = ${id}`);
    return id;
  },
  config: (db: Database, t: ResTenant) =>
    inTenant(db, t, (tx) => makeWorkflowConfig(tx, { orgId: t.org.id, scope: "channel", channel: "voice" })),
  interview: (db: Database, t: ResTenant, deleted = false) =>
    inTenant(db, t, (tx) =>
      makeInterview(tx, {
        orgId: t.org.id,
        isDeleted: deleted,
        deletedAt: deleted ? new Date() : null,
        deletedVia: deleted ? "self" : null,
      }),
    ),
  todo: (db: Database, t: ResTenant, deleted = false) =>
    inTenant(db, t, (tx) =>
      makeTodo(tx, {
        orgId: t.org.id,
        isDeleted: deleted,
        deletedAt: deleted ? new Date() : null,
        deletedVia: deleted ? "self" : null,
      }),
    ),
  user: (db: Database, t: ResTenant) =>
    inTenant(db, t, (tx) => makeUser(tx, { orgId: t.org.id, role: "recruiter" })),
  view: (db: Database, t: ResTenant, owner: Caller) =>
    inTenant(db, t, (tx) => makeSavedView(tx, { orgId: t.org.id, userId: owner.userId, shared: true })),
};

const json = (body: unknown) => ({ body });

const routeCases: Record<string, RouteCase> = {
  "GET /api/jobs": {
    file: "app/api/jobs/route.ts",
    handler: jobs.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/jobs": {
    file: "app/api/jobs/route.ts",
    handler: jobs.POST,
    method: "POST",
    ok: 201,
    make: async () => json({ title: "Matrix job", description: "d" }),
  },
  "GET /api/jobs/{jobId}": {
    file: "app/api/jobs/[jobId]/route.ts",
    handler: job.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { jobId: (await fx.job(db, t)).publicId } }),
    foreign: async (db, B) => ({ params: { jobId: (await fx.job(db, B)).publicId } }),
  },
  "PATCH /api/jobs/{jobId}": {
    file: "app/api/jobs/[jobId]/route.ts",
    handler: job.PATCH,
    method: "PATCH",
    ok: 200,
    make: async (db, t) => ({ params: { jobId: (await fx.job(db, t)).id }, body: { title: "Renamed" } }),
    foreign: async (db, B) => ({ params: { jobId: (await fx.job(db, B)).id }, body: { title: "Renamed" } }),
  },
  "DELETE /api/jobs/{jobId}": {
    file: "app/api/jobs/[jobId]/route.ts",
    handler: job.DELETE,
    method: "DELETE",
    ok: 200,
    make: async (db, t) => ({ params: { jobId: (await fx.job(db, t)).id } }),
    foreign: async (db, B) => ({ params: { jobId: (await fx.job(db, B)).id } }),
  },
  "POST /api/jobs/{jobId}/restore": {
    file: "app/api/jobs/[jobId]/restore/route.ts",
    handler: jobRestore.POST,
    method: "POST",
    ok: 200,
    make: async (db, t) => ({ params: { jobId: (await fx.job(db, t, true)).id } }),
    foreign: async (db, B) => ({ params: { jobId: (await fx.job(db, B, true)).publicId } }),
  },
  "GET /api/resumes": {
    file: "app/api/resumes/route.ts",
    handler: resumes.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/resumes": {
    file: "app/api/resumes/route.ts",
    handler: resumes.POST,
    method: "POST",
    ok: 201,
    make: async () => ({ rawBody: multipart([{ name: "cv.txt", bytes: `matrix resume ${randomUUID()}` }]) }),
  },
  "GET /api/resumes/{resumeId}": {
    file: "app/api/resumes/[resumeId]/route.ts",
    handler: resume.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { resumeId: (await fx.resume(db, t)).id } }),
    foreign: async (db, B) => ({ params: { resumeId: (await fx.resume(db, B)).id } }),
  },
  "DELETE /api/resumes/{resumeId}": {
    file: "app/api/resumes/[resumeId]/route.ts",
    handler: resume.DELETE,
    method: "DELETE",
    ok: 200,
    make: async (db, t) => ({ params: { resumeId: (await fx.resume(db, t)).id } }),
    foreign: async (db, B) => ({ params: { resumeId: (await fx.resume(db, B)).id } }),
  },
  "GET /api/resumes/{resumeId}/file": {
    file: "app/api/resumes/[resumeId]/file/route.ts",
    handler: resumeFile.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { resumeId: (await fx.resume(db, t)).id } }),
    foreign: async (db, B) => ({ params: { resumeId: (await fx.resume(db, B)).id } }),
  },
  "GET /api/workflows": {
    file: "app/api/workflows/route.ts",
    handler: workflows.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/workflows": {
    file: "app/api/workflows/route.ts",
    handler: workflows.POST,
    method: "POST",
    ok: 201,
    make: async () => json(workflowBody()),
    foreign: async (_db, B) => ({ ...json(workflowBody({}, [B.manager.userId])), expect: 400 }),
  },
  "GET /api/workflows/{workflowId}": {
    file: "app/api/workflows/[workflowId]/route.ts",
    handler: wf.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t) } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) } }),
  },
  "PUT /api/workflows/{workflowId}": {
    file: "app/api/workflows/[workflowId]/route.ts",
    handler: wf.PUT,
    method: "PUT",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t) }, body: workflowBody() }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) }, body: workflowBody() }),
  },
  "DELETE /api/workflows/{workflowId}": {
    file: "app/api/workflows/[workflowId]/route.ts",
    handler: wf.DELETE,
    method: "DELETE",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t) } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) } }),
  },
  "POST /api/workflows/{workflowId}/restore": {
    file: "app/api/workflows/[workflowId]/restore/route.ts",
    handler: wfRestore.POST,
    method: "POST",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.deletedWorkflow(db, t) } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.deletedWorkflow(db, B) } }),
  },
  "GET /api/workflows/{workflowId}/versions": {
    file: "app/api/workflows/[workflowId]/versions/route.ts",
    handler: wfVersions.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t) } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) } }),
  },
  "GET /api/workflows/{workflowId}/versions/{version}": {
    file: "app/api/workflows/[workflowId]/versions/[version]/route.ts",
    handler: wfVersion.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t), version: "1" } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B), version: "1" } }),
  },
  "GET /api/workflows/{workflowId}/active-config": {
    file: "app/api/workflows/[workflowId]/active-config/route.ts",
    handler: wfActiveConfig.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({
      params: { workflowId: await fx.workflow(db, t) },
      query: { channel: "voice" },
    }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) } }),
  },
  "GET /api/workflows/{workflowId}/channels": {
    file: "app/api/workflows/[workflowId]/channels/route.ts",
    handler: wfChannels.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { workflowId: await fx.workflow(db, t) } }),
    foreign: async (db, B) => ({ params: { workflowId: await fx.workflow(db, B) } }),
  },
  "PUT /api/workflows/{workflowId}/channels/{channel}": {
    file: "app/api/workflows/[workflowId]/channels/[channel]/route.ts",
    handler: wfChannel.PUT,
    method: "PUT",
    ok: 200,
    make: async (db, t) => ({
      params: { workflowId: await fx.workflow(db, t), channel: "api" },
      body: { enabled: true, priority: 2 },
    }),
    foreign: async (db, B) => ({
      params: { workflowId: await fx.workflow(db, B), channel: "web" },
      body: { enabled: false, priority: 9, webhook_url: "https://93.184.215.14/x" },
    }),
  },
  "GET /api/configs": {
    file: "app/api/configs/route.ts",
    handler: configs.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/configs": {
    file: "app/api/configs/route.ts",
    handler: configs.POST,
    method: "POST",
    ok: 201,
    make: async () => json({ scope: "global", config: { matrix: true } }),
    foreign: async (db, B) => json({ scope: "workflow", workflow_id: await fx.workflow(db, B), config: {} }),
  },
  "POST /api/configs/{configId}/activate": {
    file: "app/api/configs/[configId]/activate/route.ts",
    handler: configActivate.POST,
    method: "POST",
    ok: 200,
    make: async (db, t) => ({ params: { configId: (await fx.config(db, t)).id } }),
    foreign: async (db, B) => ({ params: { configId: (await fx.config(db, B)).id } }),
  },
  "GET /api/channel-configs": {
    file: "app/api/channel-configs/route.ts",
    handler: channelConfigs.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "PUT /api/channel-configs/{channel}": {
    file: "app/api/channel-configs/[channel]/route.ts",
    handler: channelConfig.PUT,
    method: "PUT",
    ok: 200,
    make: async () => ({ params: { channel: "voice" }, body: { config: { matrix: true }, is_active: true } }),
  },
  "GET /api/interviews": {
    file: "app/api/interviews/route.ts",
    handler: interviews.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/interviews": {
    file: "app/api/interviews/route.ts",
    handler: interviews.POST,
    method: "POST",
    ok: 201,
    make: async () => json({ title: "Matrix interview" }),
    foreign: async (db, B) => json({ title: "x", workflow_id: await fx.workflow(db, B) }),
  },
  "GET /api/interviews/{interviewId}": {
    file: "app/api/interviews/[interviewId]/route.ts",
    handler: interview.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { interviewId: (await fx.interview(db, t)).id } }),
    foreign: async (db, B) => ({ params: { interviewId: (await fx.interview(db, B)).id } }),
  },
  "PATCH /api/interviews/{interviewId}": {
    file: "app/api/interviews/[interviewId]/route.ts",
    handler: interview.PATCH,
    method: "PATCH",
    ok: 200,
    make: async (db, t) => ({
      params: { interviewId: (await fx.interview(db, t)).id },
      body: { status: "completed" },
    }),
    foreign: async (db, B) => ({
      params: { interviewId: (await fx.interview(db, B)).id },
      body: { status: "completed" },
    }),
  },
  "DELETE /api/interviews/{interviewId}": {
    file: "app/api/interviews/[interviewId]/route.ts",
    handler: interview.DELETE,
    method: "DELETE",
    ok: 200,
    make: async (db, t) => ({ params: { interviewId: (await fx.interview(db, t)).id } }),
    foreign: async (db, B) => ({ params: { interviewId: (await fx.interview(db, B)).id } }),
  },
  "POST /api/interviews/{interviewId}/restore": {
    file: "app/api/interviews/[interviewId]/restore/route.ts",
    handler: interviewRestore.POST,
    method: "POST",
    ok: 200,
    make: async (db, t) => ({ params: { interviewId: (await fx.interview(db, t, true)).id } }),
    foreign: async (db, B) => ({ params: { interviewId: (await fx.interview(db, B, true)).id } }),
  },
  "GET /api/todos": {
    file: "app/api/todos/route.ts",
    handler: todos.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/todos": {
    file: "app/api/todos/route.ts",
    handler: todos.POST,
    method: "POST",
    ok: 201,
    make: async () => json({ title: "Matrix todo" }),
    foreign: async (_db, B) => json({ title: "x", assignee_id: B.recruiter.userId }),
  },
  "GET /api/todos/{todoId}": {
    file: "app/api/todos/[todoId]/route.ts",
    handler: todo.GET,
    method: "GET",
    ok: 200,
    make: async (db, t) => ({ params: { todoId: (await fx.todo(db, t)).id } }),
    foreign: async (db, B) => ({ params: { todoId: (await fx.todo(db, B)).id } }),
  },
  "PATCH /api/todos/{todoId}": {
    file: "app/api/todos/[todoId]/route.ts",
    handler: todo.PATCH,
    method: "PATCH",
    ok: 200,
    make: async (db, t) => ({ params: { todoId: (await fx.todo(db, t)).id }, body: { status: "done" } }),
    foreign: async (db, B) => ({ params: { todoId: (await fx.todo(db, B)).id }, body: { status: "done" } }),
  },
  "DELETE /api/todos/{todoId}": {
    file: "app/api/todos/[todoId]/route.ts",
    handler: todo.DELETE,
    method: "DELETE",
    ok: 200,
    make: async (db, t) => ({ params: { todoId: (await fx.todo(db, t)).id } }),
    foreign: async (db, B) => ({ params: { todoId: (await fx.todo(db, B)).id } }),
  },
  "POST /api/todos/{todoId}/restore": {
    file: "app/api/todos/[todoId]/restore/route.ts",
    handler: todoRestore.POST,
    method: "POST",
    ok: 200,
    make: async (db, t) => ({ params: { todoId: (await fx.todo(db, t, true)).id } }),
    foreign: async (db, B) => ({ params: { todoId: (await fx.todo(db, B, true)).id } }),
  },
  "GET /api/users": {
    file: "app/api/users/route.ts",
    handler: users.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "POST /api/users": {
    file: "app/api/users/route.ts",
    handler: users.POST,
    method: "POST",
    ok: 201,
    make: async () =>
      json({
        email: `${randomUUID()}@example.test`,
        name: "Matrix",
        role: "analyst",
        password: "a long password",
      }),
  },
  "PATCH /api/users/{userId}": {
    file: "app/api/users/[userId]/route.ts",
    handler: user.PATCH,
    method: "PATCH",
    ok: 200,
    make: async (db, t) => ({ params: { userId: (await fx.user(db, t)).id }, body: { role: "manager" } }),
    foreign: async (db, B) => ({ params: { userId: (await fx.user(db, B)).id }, body: { is_active: false } }),
  },
  "GET /api/audit": {
    file: "app/api/audit/route.ts",
    handler: audit.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "GET /api/saved-views": {
    file: "app/api/saved-views/route.ts",
    handler: savedViews.GET,
    method: "GET",
    ok: 200,
    make: async () => ({ query: { page: "runs" } }),
  },
  "POST /api/saved-views": {
    file: "app/api/saved-views/route.ts",
    handler: savedViews.POST,
    method: "POST",
    ok: 201,
    make: async () => json({ name: uniq("view"), page: "runs", params: { status: "failed" } }),
  },
  "PATCH /api/saved-views/{viewId}": {
    file: "app/api/saved-views/[viewId]/route.ts",
    handler: savedView.PATCH,
    method: "PATCH",
    ok: 200,
    make: async (db, t, caller) => ({
      params: { viewId: (await fx.view(db, t, caller)).id },
      body: { shared: false },
    }),
    foreign: async (db, B) => ({
      params: { viewId: (await fx.view(db, B, B.recruiter)).id },
      body: { shared: false },
    }),
  },
  "DELETE /api/saved-views/{viewId}": {
    file: "app/api/saved-views/[viewId]/route.ts",
    handler: savedView.DELETE,
    method: "DELETE",
    ok: 204,
    make: async (db, t, caller) => ({ params: { viewId: (await fx.view(db, t, caller)).id } }),
    foreign: async (db, B) => ({ params: { viewId: (await fx.view(db, B, B.recruiter)).id } }),
  },
  "GET /api/settings": {
    file: "app/api/settings/route.ts",
    handler: settings.GET,
    method: "GET",
    ok: 200,
    make: async () => ({}),
  },
  "PATCH /api/settings": {
    file: "app/api/settings/route.ts",
    handler: settings.PATCH,
    method: "PATCH",
    ok: 200,
    make: async () => json({ retention_days: 400 }),
    foreign: async (db, B) => json({ intake_workflow_id: await fx.workflow(db, B) }),
  },
};

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const keyOf = (d: { method: string; path: string }) => `${d.method} ${d.path}`;

describe("resource route table", () => {
  it("has one case per OpenAPI entry and one entry per case; covered.ts lists every route file", () => {
    expect(Object.keys(routeCases).sort()).toEqual(resourceRouteDocs.map(keyOf).sort());
    expect([...new Set(Object.values(routeCases).map((c) => c.file))].sort()).toEqual(
      [...coveredRoutes].sort(),
    );
    for (const doc of resourceRouteDocs) expect(routeCases[keyOf(doc)]!.method).toBe(doc.method);
  });
});

describeDrivers("resource API: role and tenant matrices", (ctx) => {
  const s = resTenants(ctx);

  describe("role matrix (each role × route)", () => {
    for (const doc of resourceRouteDocs) {
      const route = routeCases[keyOf(doc)]!;
      it(`${keyOf(doc)} [${doc.permission ?? "any signed-in user"}]`, async () => {
        for (const role of userRoles) {
          const caller = s.A[role];
          const options = await route.make(s.db, s.A, caller);
          const res = await call(route.handler, route.method, { ...options, as: caller });
          const allowed = doc.permission ? can(role, doc.permission) : true;
          if (allowed) expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBe(route.ok);
          else expectError(res, 403, "forbidden", { message: `Your role (${role}) may not do this` });
        }
        // no credentials, a revoked-looking token, and (for mutations) a cross-site cookie
        const options = await route.make(s.db, s.A, s.A.admin);
        expectError(await call(route.handler, route.method, { ...options, as: null }), 401, "unauthorized", {
          message: "Authentication required",
        });
        expectError(
          await call(route.handler, route.method, {
            ...options,
            as: null,
            headers: {
              ...options.headers,
              authorization: `Bearer rl_${"x".repeat(43)}`,
              "x-runledger-client-address": `192.0.2.${Math.floor(Math.random() * 250)}`,
            },
          }),
          401,
          "unauthorized",
          { message: "Invalid or revoked API token" },
        );
        if (MUTATING.has(route.method)) {
          const before = await orgFingerprint(s.db, s.A.org.id);
          expectError(
            await call(route.handler, route.method, crossSite({ ...options, as: s.A.admin })),
            403,
            "forbidden",
            {
              message: "Cross-origin request refused",
            },
          );
          expect(await orgFingerprint(s.db, s.A.org.id)).toBe(before);
        }
      });
    }
  });

  describe("cross-tenant matrix (A's admin against B's objects)", () => {
    for (const doc of resourceRouteDocs) {
      const route = routeCases[keyOf(doc)]!;
      if (!route.foreign) continue;
      it(`${keyOf(doc)}`, async () => {
        const { expect: status = 404, ...options } = await route.foreign!(s.db, s.B);
        const before = await orgFingerprint(s.db, s.B.org.id);
        const res = await call(route.handler, route.method, { ...options, as: s.A.admin });
        if (status === 404) expectError(res, 404, "not_found");
        else expectError(res, status, "validation_error");
        expect(JSON.stringify(res.body)).not.toContain(s.B.org.id);
        expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      });
    }
  });
});
