import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as interviews from "@/app/api/interviews/route";
import * as interview from "@/app/api/interviews/[interviewId]/route";
import * as settings from "@/app/api/settings/route";
import * as todos from "@/app/api/todos/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import * as wfChannels from "@/app/api/workflows/[workflowId]/channels/route";
import * as wfChannel from "@/app/api/workflows/[workflowId]/channels/[channel]/route";
import * as wfRestore from "@/app/api/workflows/[workflowId]/restore/route";
import * as wfVersions from "@/app/api/workflows/[workflowId]/versions/route";
import * as wfVersion from "@/app/api/workflows/[workflowId]/versions/[version]/route";
import {
  auditLogs,
  interviews as interviewsTable,
  todos as todosTable,
  workflowChannelConfigs,
  workflowNodes,
  workflowRunSteps,
  workflows as workflowsTable,
  workflowVersions,
} from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { startRun } from "@/lib/engine/runs";
import { AI_RESUME_MATCHING_KEY, ensureBuiltinWorkflows } from "@/lib/workflows/builtin";
import { describeDrivers } from "../../helpers/db";
import {
  call,
  crossSite,
  errorPaths,
  expectError,
  expectValidation,
  makeMember,
  nodeBody,
  orgFingerprint,
  UNKNOWN_ID,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";

type Node = { id: string; order_number: number; step_name: string; step_type: string; approvers: string[] };
type Wf = {
  id: string;
  version: number;
  nodes: Node[];
  bindings: Record<string, unknown>[];
  channels: Record<string, unknown>[];
  versions: { version: number }[];
};

describeDrivers("resource API: workflows", (ctx) => {
  const s = resTenants(ctx);
  const create = async (
    overrides: Record<string, unknown> = {},
    as = s.A.manager,
    approvers: string[] = [],
  ) => {
    const res = await call(workflows.POST, "POST", { as, body: workflowBody(overrides, approvers) });
    expect(res.status, res.text).toBe(201);
    return res.body as unknown as Wf;
  };
  const put = (id: string, body: Record<string, unknown>, as = s.A.manager) =>
    call(wf.PUT, "PUT", { as, params: { workflowId: id }, body });

  describe("POST /api/workflows", () => {
    it("creates nodes in order_number order, bindings, channels and the version-1 snapshot", async () => {
      const approver = await makeMember(s.db, s.A.org.id, "manager");
      const body = workflowBody({}, [approver.id]);
      body.nodes = [body.nodes[2]!, body.nodes[0]!, body.nodes[1]!].map((n, i) => ({
        ...n,
        order_number: [30, 10, 20][i]!,
      }));
      const res = await call(workflows.POST, "POST", { as: s.A.manager, body });
      expect(res.status, res.text).toBe(201);
      const w = res.body as unknown as Wf & Record<string, unknown>;
      expect(w).toMatchObject({
        name: body.name,
        description: "Screen, approve, notify",
        status: "active",
        version: 1,
        builtin_key: null,
        node_count: 3,
        created_by: s.A.manager.userId,
        is_deleted: false,
      });
      expect(w.nodes.map((n) => [n.order_number, n.step_name])).toEqual([
        [1, "Step screen"],
        [2, "Step approve"],
        [3, "Step notify"],
      ]);
      expect(w.nodes[1]).toMatchObject({
        step_type: "approval",
        required_human_approval: true,
        number_of_approvals_needed: 1,
        approvers: [approver.id],
      });
      expect(w.nodes[2]).toMatchObject({ delay_in_seconds: 60, timeout_seconds: 30, max_retries: 1 });
      expect(w.bindings).toEqual([
        expect.objectContaining({
          source_node_id: w.nodes[0]!.id,
          source_order: 1,
          source_key: "score",
          target_node_id: w.nodes[1]!.id,
          target_order: 2,
          target_key: "score",
        }),
      ]);
      expect(w.channels).toEqual([
        expect.objectContaining({ channel: "web", enabled: true, priority: 1, has_webhook_secret: false }),
      ]);
      expect(w.versions).toEqual([
        { version: 1, created_by: s.A.manager.userId, created_at: expect.any(String) },
      ]);
      const [snapshot] = await s.db
        .select()
        .from(workflowVersions)
        .where(eq(workflowVersions.workflowId, w.id));
      expect(snapshot!.definition).toMatchObject({
        name: body.name,
        bindings: [{ source_order: 1, target_order: 2 }],
      });
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, w.id), eq(auditLogs.action, "workflow.create")));
      expect(audit).toHaveLength(1);
      // the entry names the caller the way every other mutation's does: user and token
      expect(audit[0]).toMatchObject({ userId: s.A.manager.userId, apiTokenId: expect.any(String) });
    });

    it("400 naming every approver that is unknown, foreign, inactive or an analyst", async () => {
      const foreign = await makeMember(s.db, s.B.org.id, "manager");
      const inactive = await makeMember(s.db, s.A.org.id, "manager", false);
      const body = workflowBody({}, [
        UNKNOWN_ID,
        foreign.id,
        inactive.id,
        s.A.analyst.userId,
        s.A.recruiter.userId,
      ]);
      const before = await orgFingerprint(s.db, s.A.org.id);
      const res = await call(workflows.POST, "POST", { as: s.A.admin, body });
      expectError(res, 400, "validation_error", {
        message: "Invalid body",
        details: [
          { path: "body.nodes.1.approvers.0", message: "is not a user of this organization" },
          { path: "body.nodes.1.approvers.1", message: "is not a user of this organization" },
          { path: "body.nodes.1.approvers.2", message: "is a deactivated user" },
          { path: "body.nodes.1.approvers.3", message: "is an analyst, who may not approve steps" },
        ],
      });
      expect(await orgFingerprint(s.db, s.A.org.id)).toBe(before);
    });

    it.each([
      [
        "duplicate key",
        (b: ReturnType<typeof workflowBody>) => (b.nodes[1]!.key = "screen"),
        ["body.nodes.1.key"],
      ],
      [
        "duplicate order",
        (b: ReturnType<typeof workflowBody>) => (b.nodes[2]!.order_number = 1),
        ["body.nodes.2.order_number"],
      ],
      [
        "binding to an unknown node",
        (b: ReturnType<typeof workflowBody>) => (b.bindings[0]!.target = "ghost"),
        ["body.bindings.0.target"],
      ],
      [
        "backwards binding",
        (b: ReturnType<typeof workflowBody>) => {
          b.nodes[0]!.order_number = 5;
        },
        ["body.bindings.0"],
      ],
      [
        "undeclared output",
        (b: ReturnType<typeof workflowBody>) => (b.bindings[0]!.source_key = "grade"),
        ["body.bindings.0.source_key"],
      ],
      [
        "undeclared input",
        (b: ReturnType<typeof workflowBody>) => (b.bindings[0]!.target_key = "grade"),
        ["body.bindings.0.target_key"],
      ],
      [
        "input bound twice",
        (b: ReturnType<typeof workflowBody>) => b.bindings.push({ ...b.bindings[0]! }),
        ["body.bindings.1.target_key"],
      ],
      [
        "bad io schema",
        (b: ReturnType<typeof workflowBody>) =>
          (b.nodes[0]!.io_schema = { inputs: [{ name: "x", type: "date" }], outputs: [] } as never),
        ["body.nodes.0.io_schema.inputs.0.type"],
      ],
      [
        "approvals without approval",
        (b: ReturnType<typeof workflowBody>) => Object.assign(b.nodes[0]!, { number_of_approvals_needed: 2 }),
        ["body.nodes.0.number_of_approvals_needed"],
      ],
      [
        "unknown step type",
        (b: ReturnType<typeof workflowBody>) => (b.nodes[0]!.step_type = "teleport"),
        ["body.nodes.0.step_type"],
      ],
      ["no nodes", (b: ReturnType<typeof workflowBody>) => (b.nodes = []), ["body.nodes"]],
      [
        "node id",
        (b: ReturnType<typeof workflowBody>) => Object.assign(b.nodes[0]!, { id: UNKNOWN_ID }),
        ["body.nodes.0"],
      ],
      ["status", (b: ReturnType<typeof workflowBody>) => Object.assign(b, { status: "archived" }), ["body"]],
      ["version", (b: ReturnType<typeof workflowBody>) => Object.assign(b, { version: 7 }), ["body"]],
      [
        "builtin_key",
        (b: ReturnType<typeof workflowBody>) => Object.assign(b, { builtin_key: "x" }),
        ["body"],
      ],
      ["org_id", (b: ReturnType<typeof workflowBody>) => Object.assign(b, { org_id: s.B.org.id }), ["body"]],
      [
        "negative retries",
        (b: ReturnType<typeof workflowBody>) => (b.nodes[0]!.max_retries = -1),
        ["body.nodes.0.max_retries"],
      ],
      [
        "channel twice",
        (b: ReturnType<typeof workflowBody>) =>
          b.channels.push({ channel: "web", enabled: false, priority: 0 }),
        ["body.channels.1.channel"],
      ],
    ])("400 on %s", async (_name, mutate, paths) => {
      const body = workflowBody();
      mutate(body);
      const res = await call(workflows.POST, "POST", { as: s.A.manager, body });
      expectValidation(res, paths);
    });

    it("403 for recruiters and analysts; Idempotency-Key replays", async () => {
      for (const as of [s.A.recruiter, s.A.analyst]) {
        expectError(await call(workflows.POST, "POST", { as, body: workflowBody() }), 403, "forbidden");
      }
      const body = workflowBody();
      const key = `wf-${Date.now()}`;
      const a = await call(workflows.POST, "POST", {
        as: s.A.admin,
        body,
        headers: { "idempotency-key": key },
      });
      const b = await call(workflows.POST, "POST", {
        as: s.A.admin,
        body,
        headers: { "idempotency-key": key },
      });
      expect(a.status).toBe(201);
      expect(b.body).toEqual(a.body);
      expect(await s.db.select().from(workflowsTable).where(eq(workflowsTable.name, body.name))).toHaveLength(
        1,
      );
    });
  });

  describe("GET /api/workflows and /api/workflows/{id}", () => {
    it("lists by name with node counts; detail; 404 foreign, unknown and deleted (admins may include deleted)", async () => {
      const mine = await create({ name: `Listed ${Date.now()}` });
      const list = await call(workflows.GET, "GET", { as: s.A.analyst, query: { q: "Listed" } });
      expect(list.status).toBe(200);
      expect(list.body.workflows).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: mine.id, node_count: 3 })]),
      );
      const detail = await call(wf.GET, "GET", { as: s.A.analyst, params: { workflowId: mine.id } });
      expect(detail.body.id).toBe(mine.id);
      const theirs = await create({}, s.B.admin);
      expectError(
        await call(wf.GET, "GET", { as: s.A.admin, params: { workflowId: theirs.id } }),
        404,
        "not_found",
        {
          message: "Workflow not found",
        },
      );
      expectError(
        await call(wf.GET, "GET", { as: s.A.admin, params: { workflowId: UNKNOWN_ID } }),
        404,
        "not_found",
      );
      expectValidation(await call(wf.GET, "GET", { as: s.A.admin, params: { workflowId: "42" } }), [
        "params.workflowId",
      ]);
      await call(wf.DELETE, "DELETE", { as: s.A.admin, params: { workflowId: mine.id } });
      expectError(
        await call(wf.GET, "GET", { as: s.A.manager, params: { workflowId: mine.id } }),
        404,
        "not_found",
      );
      const admin = await call(wf.GET, "GET", {
        as: s.A.admin,
        params: { workflowId: mine.id },
        query: { include_deleted: "true" },
      });
      expect(admin.body.is_deleted).toBe(true);
      expectError(
        await call(workflows.GET, "GET", { as: s.A.manager, query: { include_deleted: "true" } }),
        403,
        "forbidden",
      );
    });
  });

  describe("PUT /api/workflows/{id}", () => {
    it("replaces the definition as version 2 in one transaction; a run in flight keeps its copied steps", async () => {
      const w = await create();
      const run = await withTenant(s.db, s.A.org.id, (tx) =>
        startRun(
          tx,
          { orgId: s.A.org.id, userId: s.A.manager.userId, role: "manager" },
          { workflowId: w.id, channel: "web" },
        ),
      );
      const stepsBefore = await s.db
        .select()
        .from(workflowRunSteps)
        .where(eq(workflowRunSteps.runId, run.id))
        .orderBy(asc(workflowRunSteps.stepNumber));

      const next = {
        name: "Renamed process",
        nodes: [
          nodeBody("a", 1, {
            step_name: "Call candidate",
            step_type: "manual",
            io_schema: { inputs: [], outputs: [{ name: "notes", type: "string" }] },
          }),
          nodeBody("b", 2, {
            step_name: "Write notes",
            io_schema: { inputs: [{ name: "notes", type: "string" }], outputs: [] },
          }),
        ],
        bindings: [{ source: "a", source_key: "notes", target: "b", target_key: "notes" }],
      };
      const res = await put(w.id, next);
      expect(res.status, res.text).toBe(200);
      const updated = res.body as unknown as Wf & {
        runs_in_flight: number;
        name: string;
        description: string;
      };
      expect(updated).toMatchObject({
        name: "Renamed process",
        description: "",
        version: 2,
        runs_in_flight: 1,
      });
      expect(updated.versions.map((v) => v.version)).toEqual([2, 1]);
      // node ids are kept by position; the third node is gone
      expect(updated.nodes.map((n) => n.id)).toEqual([w.nodes[0]!.id, w.nodes[1]!.id]);
      expect(updated.nodes.map((n) => n.step_name)).toEqual(["Call candidate", "Write notes"]);
      expect(await s.db.select().from(workflowNodes).where(eq(workflowNodes.id, w.nodes[2]!.id))).toEqual([]);
      // channels were not in the body: unchanged
      expect(updated.channels).toEqual(w.channels.map((c) => ({ ...c, updated_at: expect.any(String) })));

      const stepsAfter = await s.db
        .select()
        .from(workflowRunSteps)
        .where(eq(workflowRunSteps.runId, run.id))
        .orderBy(asc(workflowRunSteps.stepNumber));
      expect(stepsAfter.map((st) => [st.stepName, st.stepType, st.nodeConfig, st.approvers])).toEqual(
        stepsBefore.map((st) => [st.stepName, st.stepType, st.nodeConfig, st.approvers]),
      );
      expect(stepsAfter.slice(0, 2).map((st) => st.nodeId)).toEqual(
        stepsBefore.slice(0, 2).map((st) => st.nodeId),
      );

      const v1 = await call(wfVersion.GET, "GET", {
        as: s.A.analyst,
        params: { workflowId: w.id, version: "1" },
      });
      expect(v1.status).toBe(200);
      expect((v1.body.definition as { nodes: unknown[] }).nodes).toHaveLength(3);
      const v2 = await call(wfVersion.GET, "GET", {
        as: s.A.analyst,
        params: { workflowId: w.id, version: "2" },
      });
      expect(v2.body).toMatchObject({
        workflow_id: w.id,
        version: 2,
        created_by: s.A.manager.userId,
        definition: { name: "Renamed process" },
      });
      const versions = await call(wfVersions.GET, "GET", { as: s.A.analyst, params: { workflowId: w.id } });
      expect((versions.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
      expectError(
        await call(wfVersion.GET, "GET", { as: s.A.analyst, params: { workflowId: w.id, version: "3" } }),
        404,
        "not_found",
        { message: "Workflow version not found" },
      );
      expectValidation(
        await call(wfVersion.GET, "GET", { as: s.A.analyst, params: { workflowId: w.id, version: "x" } }),
        ["params.version"],
      );
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, w.id), eq(auditLogs.action, "workflow.update")));
      expect(audit[0]?.details).toMatchObject({
        from_version: 1,
        version: 2,
        removed_nodes: 1,
        runs_in_flight: 1,
      });
    });

    it("listed channels are upserted and unlisted ones disabled, webhooks untouched", async () => {
      const w = await create();
      await call(wfChannel.PUT, "PUT", {
        as: s.A.manager,
        params: { workflowId: w.id, channel: "web" },
        body: { enabled: true, priority: 1, webhook_url: "https://93.184.215.14/hook" },
      });
      const res = await put(w.id, workflowBody({ channels: [{ channel: "api", priority: 5 }] }));
      expect(res.status).toBe(200);
      const channels = Object.fromEntries(
        (res.body.channels as Record<string, unknown>[]).map((c) => [c.channel, c]),
      );
      expect(channels.api).toMatchObject({ enabled: true, priority: 5 });
      expect(channels.web).toMatchObject({
        enabled: false,
        webhook_url: "https://93.184.215.14/hook",
        has_webhook_secret: true,
      });
    });

    it("404 foreign or unknown (the other tenant unchanged), 409 deleted, 400 invalid, 403 recruiter", async () => {
      const theirs = await create({}, s.B.admin);
      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(await put(theirs.id, workflowBody(), s.A.admin), 404, "not_found");
      expectError(await put(UNKNOWN_ID, workflowBody(), s.A.admin), 404, "not_found");
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      const w = await create();
      expectError(await put(w.id, workflowBody(), s.A.recruiter), 403, "forbidden");
      expectValidation(await put(w.id, { ...workflowBody(), nodes: [] }), ["body.nodes"]);
      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId: w.id } });
      expectError(await put(w.id, workflowBody()), 409, "conflict", {
        message: "Workflow is deleted; restore it first",
      });
    });

    it("concurrent replacements serialise: versions 2 and 3, no error", async () => {
      const w = await create();
      const [a, b] = await Promise.all([
        put(w.id, workflowBody({ name: "A" })),
        put(w.id, workflowBody({ name: "B" })),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([a.body.version, b.body.version].sort()).toEqual([2, 3]);
      const versions = await s.db
        .select()
        .from(workflowVersions)
        .where(eq(workflowVersions.workflowId, w.id));
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    });
  });

  describe("DELETE and restore (cascade through the API)", () => {
    it("deletes the workflow with its live interviews and todos, and restores exactly those", async () => {
      const w = await create();
      const mk = async (handler: typeof interviews.POST, title: string) => {
        const res = await call(handler, "POST", { as: s.A.recruiter, body: { title, workflow_id: w.id } });
        expect(res.status, res.text).toBe(201);
        return String(res.body.id);
      };
      const i1 = await mk(interviews.POST, "Tech interview");
      const i2 = await mk(interviews.POST, "Culture interview");
      const t1 = await mk(todos.POST, "Send offer");
      // one interview was deleted on its own beforehand: it stays deleted
      await call(interview.DELETE, "DELETE", { as: s.A.recruiter, params: { interviewId: i2 } });
      const snapshot = async () => ({
        interviews: await s.db
          .select()
          .from(interviewsTable)
          .where(eq(interviewsTable.workflowId, w.id))
          .orderBy(asc(interviewsTable.id)),
        todos: await s.db.select().from(todosTable).where(eq(todosTable.workflowId, w.id)),
      });
      const before = await snapshot();

      const del = await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId: w.id } });
      expect(del.status).toBe(200);
      expect(del.body).toMatchObject({ id: w.id, is_deleted: true, interview_ids: [i1], todo_ids: [t1] });
      const during = await snapshot();
      expect(during.interviews.every((i) => i.isDeleted)).toBe(true);
      expect(during.interviews.find((i) => i.id === i1)?.deletedVia).toBe("workflow");
      expect(during.interviews.find((i) => i.id === i2)?.deletedVia).toBe("self");
      expect(during.todos[0]).toMatchObject({ isDeleted: true, deletedVia: "workflow" });
      // creating something linked to the deleted workflow is a conflict
      expectError(
        await call(todos.POST, "POST", { as: s.A.recruiter, body: { title: "late", workflow_id: w.id } }),
        409,
        "conflict",
      );
      // deleting again changes nothing
      const again = await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId: w.id } });
      expect(again.body).toMatchObject({ interview_ids: [], todo_ids: [] });

      const restored = await call(wfRestore.POST, "POST", { as: s.A.manager, params: { workflowId: w.id } });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ is_deleted: false, interview_ids: [i1], todo_ids: [t1] });
      const after = await snapshot();
      const strip = <T extends { updatedAt: Date }>(rows: T[]) =>
        rows.map((r) => ({ ...r, updatedAt: null }));
      expect(strip(after.interviews)).toEqual(strip(before.interviews));
      expect(strip(after.todos)).toEqual(strip(before.todos));
      const actions = await s.db.select().from(auditLogs).where(eq(auditLogs.resourceId, w.id));
      expect(actions.filter((a) => a.action === "workflow.delete")).toHaveLength(1);
      expect(actions.filter((a) => a.action === "workflow.restore")).toHaveLength(1);
    });

    it("409 for built-in workflows and the intake workflow; 404 foreign; cookie CSRF refused", async () => {
      const ids = await withTenant(s.db, s.A.org.id, (tx) => ensureBuiltinWorkflows(tx, s.A.org.id));
      expectError(
        await call(wf.DELETE, "DELETE", {
          as: s.A.admin,
          params: { workflowId: ids[AI_RESUME_MATCHING_KEY] },
        }),
        409,
        "conflict",
        { message: "Built-in workflows cannot be deleted" },
      );
      const intake = await create();
      const set = await call(settings.PATCH, "PATCH", {
        as: s.A.admin,
        body: { intake_workflow_id: intake.id },
      });
      expect(set.status).toBe(200);
      expectError(
        await call(wf.DELETE, "DELETE", { as: s.A.admin, params: { workflowId: intake.id } }),
        409,
        "conflict",
      );
      await call(settings.PATCH, "PATCH", { as: s.A.admin, body: { intake_workflow_id: null } });
      const theirs = await create({}, s.B.admin);
      const before = await orgFingerprint(s.db, s.B.org.id);
      for (const [handler, method] of [
        [wf.DELETE, "DELETE"],
        [wfRestore.POST, "POST"],
      ] as const) {
        expectError(
          await call(handler, method, { as: s.A.admin, params: { workflowId: theirs.id } }),
          404,
          "not_found",
        );
      }
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      expectError(
        await call(wf.DELETE, "DELETE", crossSite({ as: s.A.admin, params: { workflowId: intake.id } })),
        403,
        "forbidden",
      );
    });
  });

  describe("workflow channels and webhooks", () => {
    const putChannel = (
      workflowId: string,
      channel: string,
      body: Record<string, unknown>,
      as = s.A.manager,
    ) => call(wfChannel.PUT, "PUT", { as, params: { workflowId, channel }, body });

    it("issues a whsec_ secret when a URL is first set, only in that response; rotates; removal clears both", async () => {
      const w = await create();
      const first = await putChannel(w.id, "voice", {
        enabled: true,
        priority: 3,
        webhook_url: "https://93.184.215.14/hooks/runs",
      });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({
        channel: "voice",
        enabled: true,
        priority: 3,
        webhook_url: "https://93.184.215.14/hooks/runs",
        has_webhook_secret: true,
      });
      const secret = String(first.body.webhook_secret);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const [row] = await s.db
        .select()
        .from(workflowChannelConfigs)
        .where(and(eq(workflowChannelConfigs.workflowId, w.id), eq(workflowChannelConfigs.channel, "voice")));
      expect(row!.webhookSecret).toBe(secret);

      const listed = await call(wfChannels.GET, "GET", { as: s.A.analyst, params: { workflowId: w.id } });
      expect(listed.text).not.toContain(secret);
      expect(listed.text).not.toContain('"webhook_secret"');
      const audits = await s.db.select().from(auditLogs).where(eq(auditLogs.resourceId, w.id));
      expect(JSON.stringify(audits)).not.toContain(secret.slice(6));

      const same = await putChannel(w.id, "voice", {
        enabled: false,
        priority: 1,
        webhook_url: "https://93.184.215.14/other",
      });
      expect(same.body).not.toHaveProperty("webhook_secret");
      const kept = await s.db
        .select()
        .from(workflowChannelConfigs)
        .where(eq(workflowChannelConfigs.id, row!.id));
      expect(kept[0]!.webhookSecret).toBe(secret);

      const rotated = await putChannel(w.id, "voice", { enabled: true, priority: 1, rotate_secret: true });
      expect(rotated.body.webhook_secret).toMatch(/^whsec_/);
      expect(rotated.body.webhook_secret).not.toBe(secret);
      expect(rotated.body.webhook_url).toBe("https://93.184.215.14/other");

      const removed = await putChannel(w.id, "voice", { enabled: true, priority: 1, webhook_url: null });
      expect(removed.body).toMatchObject({ webhook_url: null, has_webhook_secret: false });
      expectValidation(await putChannel(w.id, "voice", { enabled: true, priority: 1, rotate_secret: true }), [
        "body.rotate_secret",
      ]);
    });

    it("refuses non-http(s), private, loopback and metadata URLs unless the organization allows private", async () => {
      const w = await create();
      for (const url of [
        "ftp://93.184.215.14/x",
        "http://10.0.0.5/hook",
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest",
        "not a url",
      ]) {
        const res = await putChannel(w.id, "web", { enabled: true, priority: 0, webhook_url: url });
        expectError(res, 400, "validation_error");
        expect(errorPaths(res)).toEqual(["body.webhook_url"]);
      }
      await call(settings.PATCH, "PATCH", { as: s.A.admin, body: { allow_private_webhooks: true } });
      try {
        const ok = await putChannel(w.id, "web", {
          enabled: true,
          priority: 0,
          webhook_url: "http://127.0.0.1:8080/hook",
        });
        expect(ok.status).toBe(200);
        const meta = await putChannel(w.id, "web", {
          enabled: true,
          priority: 0,
          webhook_url: "http://169.254.169.254/latest",
        });
        expectError(meta, 400, "validation_error");
      } finally {
        await call(settings.PATCH, "PATCH", { as: s.A.admin, body: { allow_private_webhooks: false } });
      }
      const unresolvable = await putChannel(w.id, "api", {
        enabled: true,
        priority: 0,
        webhook_url: "https://hooks.invalid/x",
      });
      expect(unresolvable.status).toBe(200);
      expect(unresolvable.body.warnings).toEqual([expect.stringContaining("hooks.invalid")]);
    });

    it("404 foreign or unknown workflow, 409 deleted, 400 unknown channel or fields, 403 recruiter", async () => {
      const theirs = await create({}, s.B.admin);
      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(
        await putChannel(theirs.id, "web", { enabled: true, priority: 0 }, s.A.admin),
        404,
        "not_found",
      );
      expectError(
        await call(wfChannels.GET, "GET", { as: s.A.admin, params: { workflowId: theirs.id } }),
        404,
        "not_found",
      );
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      const w = await create();
      expectValidation(await putChannel(w.id, "fax", { enabled: true, priority: 0 }), ["params.channel"]);
      expectValidation(
        await putChannel(w.id, "web", { enabled: true, priority: 0, webhook_secret: "whsec_x" }),
        ["body"],
      );
      expectError(
        await putChannel(w.id, "web", { enabled: true, priority: 0 }, s.A.recruiter),
        403,
        "forbidden",
      );
      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId: w.id } });
      expectError(await putChannel(w.id, "web", { enabled: true, priority: 0 }), 409, "conflict");
    });
  });
});
