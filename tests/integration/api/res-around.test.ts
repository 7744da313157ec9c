import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as interviews from "@/app/api/interviews/route";
import * as interview from "@/app/api/interviews/[interviewId]/route";
import * as interviewRestore from "@/app/api/interviews/[interviewId]/restore/route";
import * as resumesRoute from "@/app/api/resumes/[resumeId]/route";
import * as todos from "@/app/api/todos/route";
import * as todo from "@/app/api/todos/[todoId]/route";
import * as todoRestore from "@/app/api/todos/[todoId]/restore/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import * as wfRestore from "@/app/api/workflows/[workflowId]/restore/route";
import { auditLogs, interviews as interviewsTable, todos as todosTable } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { describeDrivers } from "../../helpers/db";
import { makeResume } from "../../helpers/factories";
import {
  call,
  expectError,
  expectValidation,
  makeMember,
  makeRunRow,
  orgFingerprint,
  UNKNOWN_ID,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";

type Row = Record<string, unknown> & { id: string };

describeDrivers("resource API: interviews and todos", (ctx) => {
  const s = resTenants(ctx);
  const newWorkflow = async (as = s.A.manager) => {
    const res = await call(workflows.POST, "POST", { as, body: workflowBody() });
    expect(res.status).toBe(201);
    return String(res.body.id);
  };
  const fixtures = {} as {
    workflowId: string;
    otherWorkflowId: string;
    run: { id: string; publicId: string };
    bWorkflowId: string;
    bRun: { id: string; publicId: string };
    resumeId: string;
    bResumeId: string;
  };
  beforeAll(async () => {
    fixtures.workflowId = await newWorkflow();
    fixtures.otherWorkflowId = await newWorkflow();
    fixtures.run = await makeRunRow(s.db, s.A.org.id, {
      workflowId: fixtures.workflowId,
      startedBy: s.A.recruiter.userId,
    });
    fixtures.bWorkflowId = await newWorkflow(s.B.manager);
    fixtures.bRun = await makeRunRow(s.db, s.B.org.id, { workflowId: fixtures.bWorkflowId });
    fixtures.resumeId = (
      await withTenant(s.db, s.A.org.id, (tx) => makeResume(tx, { orgId: s.A.org.id }))
    ).id;
    fixtures.bResumeId = (
      await withTenant(s.db, s.B.org.id, (tx) => makeResume(tx, { orgId: s.B.org.id }))
    ).id;
  });

  describe("interviews", () => {
    const post = (body: Record<string, unknown>, as = s.A.recruiter) =>
      call(interviews.POST, "POST", { as, body });

    it("creates with defaults and with every link; a run alone links its workflow", async () => {
      const minimal = await post({ title: "Phone screen" });
      expect(minimal.status).toBe(201);
      expect(minimal.body).toMatchObject({
        title: "Phone screen",
        workflow_id: null,
        run_id: null,
        status: "scheduled",
        duration_minutes: 60,
        scheduled_at: null,
        created_by: s.A.recruiter.userId,
        is_deleted: false,
        deleted_via: null,
      });
      const full = await post({
        title: "Onsite",
        workflow_id: fixtures.workflowId,
        run_id: fixtures.run.publicId,
        resume_id: fixtures.resumeId,
        candidate_name: "Ada",
        interviewer_id: s.A.manager.userId,
        scheduled_at: "2031-05-01T09:30:00+02:00",
        duration_minutes: 90,
        location: "Room 4",
        notes: "bring laptop",
        status: "scheduled",
      });
      expect(full.status, full.text).toBe(201);
      expect(full.body).toMatchObject({
        workflow_id: fixtures.workflowId,
        run_id: fixtures.run.id,
        resume_id: fixtures.resumeId,
        interviewer_id: s.A.manager.userId,
        scheduled_at: "2031-05-01T07:30:00.000Z",
        duration_minutes: 90,
      });
      const byRun = await post({ title: "By run", run_id: fixtures.run.id });
      expect(byRun.body).toMatchObject({ run_id: fixtures.run.id, workflow_id: fixtures.workflowId });
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, String(full.body.id)), eq(auditLogs.action, "interview.create")));
      expect(audit).toHaveLength(1);
    });

    it("404 for every unknown or foreign link (the other tenant unchanged); 409 deleted workflow; 422 mismatched run", async () => {
      const before = await orgFingerprint(s.db, s.B.org.id);
      const inactive = await makeMember(s.db, s.A.org.id, "recruiter", false);
      const cases: [Record<string, unknown>, string][] = [
        [{ workflow_id: UNKNOWN_ID }, "Workflow not found"],
        [{ workflow_id: fixtures.bWorkflowId }, "Workflow not found"],
        [{ run_id: fixtures.bRun.publicId }, "Run not found"],
        [{ run_id: fixtures.bRun.id }, "Run not found"],
        [{ resume_id: fixtures.bResumeId }, "Resume not found"],
        [{ interviewer_id: s.B.manager.userId }, "Interviewer not found"],
        [{ interviewer_id: inactive.id }, "Interviewer not found"],
      ];
      for (const [link, message] of cases) {
        expectError(await post({ title: "x", ...link }), 404, "not_found", { message });
      }
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      expectError(
        await post({ title: "x", workflow_id: fixtures.otherWorkflowId, run_id: fixtures.run.id }),
        422,
        "unprocessable",
        {
          message: "The run belongs to a different workflow than workflow_id",
        },
      );
      // a recruiter cannot link someone else's run (not visible to them)
      const managersRun = await makeRunRow(s.db, s.A.org.id, {
        workflowId: fixtures.workflowId,
        startedBy: s.A.manager.userId,
      });
      expectError(await post({ title: "x", run_id: managersRun.id }), 404, "not_found");
      expect((await post({ title: "x", run_id: managersRun.id }, s.A.manager)).status).toBe(201);

      const doomed = await newWorkflow();
      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId: doomed } });
      expectError(await post({ title: "x", workflow_id: doomed }), 409, "conflict", {
        message: "The workflow is deleted; restore it before linking to it",
      });
      const deletedRun = await makeRunRow(s.db, s.A.org.id, {
        workflowId: doomed,
        startedBy: s.A.recruiter.userId,
      });
      expectError(await post({ title: "x", run_id: deletedRun.id }), 409, "conflict");
      // a deleted resume is gone
      const res = await withTenant(s.db, s.A.org.id, (tx) => makeResume(tx, { orgId: s.A.org.id }));
      await call(resumesRoute.DELETE, "DELETE", { as: s.A.recruiter, params: { resumeId: res.id } });
      expectError(await post({ title: "x", resume_id: res.id }), 404, "not_found");
    });

    it.each([
      ["mass assignment", { title: "x", created_by: UNKNOWN_ID }, ["body"]],
      ["deleted flag", { title: "x", is_deleted: true }, ["body"]],
      ["deleted_via", { title: "x", deleted_via: "self" }, ["body"]],
      ["bad time", { title: "x", scheduled_at: "tomorrow" }, ["body.scheduled_at"]],
      ["no offset", { title: "x", scheduled_at: "2030-01-01T10:00:00" }, ["body.scheduled_at"]],
      ["zero minutes", { title: "x", duration_minutes: 0 }, ["body.duration_minutes"]],
      ["bad status", { title: "x", status: "maybe" }, ["body.status"]],
      ["bad run id", { title: "x", run_id: "WF-abc" }, ["body.run_id"]],
      ["no title", {}, ["body.title"]],
    ])("400 on %s", async (_name, body, paths) => {
      expectValidation(await post(body), paths);
    });

    it("lists with filters; detail; PATCH; DELETE; restore; 409 restore while the workflow is deleted", async () => {
      const workflowId = await newWorkflow();
      const a = (await post({ title: "A", workflow_id: workflowId, scheduled_at: "2032-01-02T10:00:00Z" }))
        .body as Row;
      const b = (
        await post({
          title: "B",
          workflow_id: workflowId,
          scheduled_at: "2032-01-01T10:00:00Z",
          status: "completed",
        })
      ).body as Row;
      const c = (await post({ title: "C", workflow_id: workflowId })).body as Row;
      const list = await call(interviews.GET, "GET", { as: s.A.manager, query: { workflow_id: workflowId } });
      expect(list.body.total).toBe(3);
      // Newest first: the latest scheduled interview leads, unscheduled ones come last.
      expect((list.body.interviews as Row[]).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
      const completed = await call(interviews.GET, "GET", {
        as: s.A.manager,
        query: { workflow_id: workflowId, status: "completed" },
      });
      expect((completed.body.interviews as Row[]).map((r) => r.id)).toEqual([b.id]);
      const window = await call(interviews.GET, "GET", {
        as: s.A.manager,
        query: { workflow_id: workflowId, from: "2032-01-02", to: "2032-01-03" },
      });
      expect((window.body.interviews as Row[]).map((r) => r.id)).toEqual([a.id]);
      const byRun = await call(interviews.GET, "GET", {
        as: s.A.manager,
        query: { run_id: fixtures.run.publicId },
      });
      expect((byRun.body.interviews as Row[]).every((r) => r.run_id === fixtures.run.id)).toBe(true);
      const paged = await call(interviews.GET, "GET", {
        as: s.A.manager,
        query: { workflow_id: workflowId, skip: "1", limit: "1" },
      });
      expect((paged.body.interviews as Row[]).map((r) => r.id)).toEqual([b.id]);
      expectValidation(await call(interviews.GET, "GET", { as: s.A.manager, query: { limit: "500" } }), [
        "query.limit",
      ]);
      expectError(await call(interviews.GET, "GET", { as: s.A.analyst }), 403, "forbidden");

      const patched = await call(interview.PATCH, "PATCH", {
        as: s.A.recruiter,
        params: { interviewId: a.id },
        body: { status: "no_show", notes: "", workflow_id: null },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ status: "no_show", notes: null, workflow_id: null });
      expectValidation(
        await call(interview.PATCH, "PATCH", { as: s.A.recruiter, params: { interviewId: a.id }, body: {} }),
        ["body"],
      );

      const del = await call(interview.DELETE, "DELETE", {
        as: s.A.recruiter,
        params: { interviewId: c.id },
      });
      expect(del.body).toMatchObject({ is_deleted: true, deleted_via: "self" });
      expectError(
        await call(interview.GET, "GET", { as: s.A.recruiter, params: { interviewId: c.id } }),
        404,
        "not_found",
      );
      expectError(
        await call(interview.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { interviewId: c.id },
          body: { title: "x" },
        }),
        409,
        "conflict",
      );
      const trash = await call(interviews.GET, "GET", {
        as: s.A.admin,
        query: { workflow_id: workflowId, include_deleted: "true" },
      });
      expect(trash.body.total).toBe(2);
      expectError(
        await call(interviews.GET, "GET", { as: s.A.recruiter, query: { include_deleted: "true" } }),
        403,
        "forbidden",
      );
      const restored = await call(interviewRestore.POST, "POST", {
        as: s.A.recruiter,
        params: { interviewId: c.id },
      });
      expect(restored.body).toMatchObject({ is_deleted: false, deleted_via: null });

      // b goes with its workflow; restoring b alone is refused while the workflow is deleted
      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId } });
      expectError(
        await call(interviewRestore.POST, "POST", { as: s.A.recruiter, params: { interviewId: b.id } }),
        409,
        "conflict",
        {
          message: "Its workflow is deleted; restore the workflow instead",
        },
      );
      await call(wfRestore.POST, "POST", { as: s.A.manager, params: { workflowId } });
      const back = await call(interview.GET, "GET", { as: s.A.recruiter, params: { interviewId: b.id } });
      expect(back.body.is_deleted).toBe(false);
    });

    it("404 on every interview route for another tenant's interview, which stays unchanged", async () => {
      const theirs = (await post({ title: "B's" }, s.B.recruiter)).body as Row;
      const before = await orgFingerprint(s.db, s.B.org.id);
      const params = { interviewId: theirs.id };
      expectError(await call(interview.GET, "GET", { as: s.A.admin, params }), 404, "not_found");
      expectError(
        await call(interview.PATCH, "PATCH", { as: s.A.admin, params, body: { title: "x" } }),
        404,
        "not_found",
      );
      expectError(await call(interview.DELETE, "DELETE", { as: s.A.admin, params }), 404, "not_found");
      expectError(await call(interviewRestore.POST, "POST", { as: s.A.admin, params }), 404, "not_found");
      const list = await call(interviews.GET, "GET", { as: s.A.admin, query: { include_deleted: "true" } });
      expect(JSON.stringify(list.body)).not.toContain(theirs.id);
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
    });
  });

  describe("todos", () => {
    const post = (body: Record<string, unknown>, as = s.A.recruiter) =>
      call(todos.POST, "POST", { as, body });

    it("creates, filters by status, priority, assignee and due date, and edits", async () => {
      const workflowId = await newWorkflow();
      const mk = async (body: Record<string, unknown>) => {
        const res = await post({ workflow_id: workflowId, ...body });
        expect(res.status, res.text).toBe(201);
        return res.body as Row;
      };
      const overdue = await mk({
        title: "Overdue",
        due_at: "2020-01-01T00:00:00Z",
        assignee_id: s.A.recruiter.userId,
        priority: "high",
      });
      const doneLate = await mk({ title: "Done late", due_at: "2020-01-02T00:00:00Z", status: "done" });
      const future = await mk({
        title: "Future",
        due_at: "2040-01-01T00:00:00Z",
        assignee_id: s.A.manager.userId,
      });
      const undated = await mk({ title: "Undated", description: "whenever" });
      expect(overdue).toMatchObject({
        status: "open",
        priority: "high",
        assignee_id: s.A.recruiter.userId,
        created_by: s.A.recruiter.userId,
      });
      expect(undated).toMatchObject({ priority: "normal", due_at: null, description: "whenever" });
      const ids = async (query: Record<string, string>, as = s.A.recruiter) => {
        const res = await call(todos.GET, "GET", { as, query: { workflow_id: workflowId, ...query } });
        expect(res.status, res.text).toBe(200);
        return (res.body.todos as Row[]).map((r) => r.id);
      };
      expect(await ids({})).toEqual([overdue.id, doneLate.id, future.id, undated.id]);
      expect(await ids({ due: "overdue" })).toEqual([overdue.id]);
      expect(await ids({ due: "none" })).toEqual([undated.id]);
      expect(await ids({ assignee: "me" })).toEqual([overdue.id]);
      expect(await ids({ assignee: "me" }, s.A.manager)).toEqual([future.id]);
      expect(await ids({ assignee: "none" })).toEqual([doneLate.id, undated.id]);
      expect(await ids({ assignee: s.A.manager.userId })).toEqual([future.id]);
      expect(await ids({ status: "open,done" })).toEqual([overdue.id, doneLate.id, future.id, undated.id]);
      expect(await ids({ status: "done" })).toEqual([doneLate.id]);
      expect(await ids({ priority: "high" })).toEqual([overdue.id]);
      expect(await ids({ due_before: "2030-01-01", due_after: "2020-01-01T12:00:00Z" })).toEqual([
        doneLate.id,
      ]);
      expectValidation(await call(todos.GET, "GET", { as: s.A.recruiter, query: { assignee: "everyone" } }), [
        "query.assignee",
      ]);
      expectValidation(await call(todos.GET, "GET", { as: s.A.recruiter, query: { priority: "urgent" } }), [
        "query.priority.0",
      ]);

      const patched = await call(todo.PATCH, "PATCH", {
        as: s.A.recruiter,
        params: { todoId: overdue.id },
        body: { status: "done", assignee_id: null, due_at: null },
      });
      expect(patched.body).toMatchObject({ status: "done", assignee_id: null, due_at: null });
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, overdue.id), eq(auditLogs.action, "todo.update")));
      expect(audit[0]?.details).toMatchObject({ status: { from: "open", to: "done" } });
      expectError(
        await call(todo.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { todoId: overdue.id },
          body: { assignee_id: s.B.admin.userId },
        }),
        404,
        "not_found",
        { message: "Assignee not found" },
      );
      expectValidation(
        await call(todo.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { todoId: overdue.id },
          body: { org_id: s.B.org.id },
        }),
        ["body"],
      );
    });

    it("soft delete and restore; 409 linked to or restored under a deleted workflow; 404 across tenants", async () => {
      const workflowId = await newWorkflow();
      const t = (await post({ title: "Prepare offer", workflow_id: workflowId })).body as Row;
      const [before] = await s.db.select().from(todosTable).where(eq(todosTable.id, t.id));
      const del = await call(todo.DELETE, "DELETE", { as: s.A.recruiter, params: { todoId: t.id } });
      expect(del.body).toMatchObject({ is_deleted: true, deleted_via: "self" });
      expect(
        (await call(todo.DELETE, "DELETE", { as: s.A.recruiter, params: { todoId: t.id } })).status,
      ).toBe(200);
      expect(
        await s.db
          .select()
          .from(auditLogs)
          .where(and(eq(auditLogs.resourceId, t.id), eq(auditLogs.action, "todo.delete"))),
      ).toHaveLength(1);
      // a self-deleted todo does not come back with its workflow
      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId } });
      await call(wfRestore.POST, "POST", { as: s.A.manager, params: { workflowId } });
      expectError(
        await call(todo.GET, "GET", { as: s.A.recruiter, params: { todoId: t.id } }),
        404,
        "not_found",
      );
      const restored = await call(todoRestore.POST, "POST", { as: s.A.recruiter, params: { todoId: t.id } });
      expect(restored.status).toBe(200);
      const [after] = await s.db.select().from(todosTable).where(eq(todosTable.id, t.id));
      expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });

      await call(wf.DELETE, "DELETE", { as: s.A.manager, params: { workflowId } });
      expectError(await post({ title: "late", workflow_id: workflowId }), 409, "conflict");
      expectError(
        await call(todoRestore.POST, "POST", { as: s.A.recruiter, params: { todoId: t.id } }),
        409,
        "conflict",
      );
      expectError(
        await call(todo.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { todoId: t.id },
          body: { title: "x" },
        }),
        409,
        "conflict",
        { message: "Todo is deleted; restore it first" },
      );

      const theirs = (await post({ title: "B's todo" }, s.B.recruiter)).body as Row;
      const bBefore = await orgFingerprint(s.db, s.B.org.id);
      const params = { todoId: theirs.id };
      expectError(await call(todo.GET, "GET", { as: s.A.admin, params }), 404, "not_found", {
        message: "Todo not found",
      });
      expectError(
        await call(todo.PATCH, "PATCH", { as: s.A.admin, params, body: { title: "x" } }),
        404,
        "not_found",
      );
      expectError(await call(todo.DELETE, "DELETE", { as: s.A.admin, params }), 404, "not_found");
      expectError(await call(todoRestore.POST, "POST", { as: s.A.admin, params }), 404, "not_found");
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(bBefore);
      expectError(await call(todos.GET, "GET", { as: s.A.analyst }), 403, "forbidden");
      expect(
        await s.db.select().from(interviewsTable).where(eq(interviewsTable.orgId, s.A.org.id)),
      ).not.toHaveLength(0);
    });

    it("Idempotency-Key replays creates", async () => {
      const key = `todo-${Date.now()}`;
      const body = { title: `Idempotent todo ${key}` };
      const a = await call(todos.POST, "POST", {
        as: s.A.recruiter,
        body,
        headers: { "idempotency-key": key },
      });
      const b = await call(todos.POST, "POST", {
        as: s.A.recruiter,
        body,
        headers: { "idempotency-key": key },
      });
      expect(b.body).toEqual(a.body);
      expect(await s.db.select().from(todosTable).where(eq(todosTable.title, body.title))).toHaveLength(1);
      expectError(
        await call(todos.POST, "POST", {
          as: s.A.recruiter,
          body: { title: "other" },
          headers: { "idempotency-key": key },
        }),
        422,
        "unprocessable",
      );
      expectError(
        await call(todos.POST, "POST", {
          as: s.A.recruiter,
          body,
          headers: { "idempotency-key": "bad key with spaces" },
        }),
        400,
        "validation_error",
      );
    });
  });
});
