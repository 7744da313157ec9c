import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Database } from "@/db/client";
import {
  listInterviews,
  listJobDescriptions,
  listTodos,
  listWorkflows,
  restoreInterview,
  restoreJobDescription,
  restoreTodo,
  restoreWorkflow,
  softDeleteInterview,
  softDeleteJobDescription,
  softDeleteTodo,
  softDeleteWorkflow,
} from "@/db/queries/soft-delete";
import { interviews, jobDescriptions, organizations, todos, users, workflows } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { describeDrivers, pgError, query } from "../helpers/db";

// Small factories: every test makes its own organization, so tests never see each other's rows.

type Org = { orgId: string; userId: string };

async function makeOrg(db: Database, label: string): Promise<Org> {
  const orgId = randomUUID();
  const suffix = orgId.slice(0, 8);
  return withTenant(db, orgId, async (tx) => {
    await tx
      .insert(organizations)
      .values({ id: orgId, name: `${label} ${suffix}`, slug: `${label}-${suffix}` });
    const [user] = await tx
      .insert(users)
      .values({
        orgId,
        email: `${label}-${suffix}@test.example`,
        name: "Morgan Tester",
        role: "manager",
        passwordHash: "x",
      })
      .returning({ id: users.id });
    return { orgId, userId: user!.id };
  });
}

async function makeWorkflow(db: Database, orgId: string, name: string): Promise<string> {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx.insert(workflows).values({ orgId, name }).returning({ id: workflows.id });
    return row!.id;
  });
}

async function makeInterview(
  db: Database,
  orgId: string,
  workflowId: string | null,
  title: string,
): Promise<string> {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx
      .insert(interviews)
      .values({ orgId, workflowId, title })
      .returning({ id: interviews.id });
    return row!.id;
  });
}

async function makeTodo(
  db: Database,
  orgId: string,
  workflowId: string | null,
  title: string,
): Promise<string> {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx.insert(todos).values({ orgId, workflowId, title }).returning({ id: todos.id });
    return row!.id;
  });
}

type RowState = { id: string; is_deleted: boolean; deleted_via: string | null; deleted_at: string | null };

/** Deletion state as the table owner sees it (no RLS), ordered by id for stable comparisons. */
async function states(db: Database, table: "interviews" | "todos", ids: string[]): Promise<RowState[]> {
  const found = await query<RowState>(
    db,
    sql`select id, is_deleted, deleted_via, deleted_at::text as deleted_at
        from ${sql.identifier(table)} where id in ${ids} order by id`,
  );
  return found;
}

async function workflowState(db: Database, id: string) {
  const [row] = await query<{ is_deleted: boolean; deleted_at: string | null }>(
    db,
    sql`select is_deleted, deleted_at::text as deleted_at from workflows where id = ${id}`,
  );
  return row;
}

async function auditRows(db: Database, orgId: string) {
  return query<{
    action: string;
    resource_type: string;
    resource_id: string;
    user_id: string;
    details: unknown;
  }>(
    db,
    sql`select action, resource_type, resource_id, user_id, details from audit_logs
        where org_id = ${orgId} order by created_at, action`,
  );
}

const byId = (ids: string[]) => [...ids].sort();

describeDrivers("soft delete", (ctx) => {
  it("cascades a workflow's delete to its live interviews and todos with one timestamp", async () => {
    const { db } = ctx();
    const org = await makeOrg(db, "cascade");
    const workflowId = await makeWorkflow(db, org.orgId, "Pipeline A");
    const otherWorkflowId = await makeWorkflow(db, org.orgId, "Pipeline B");
    const i1 = await makeInterview(db, org.orgId, workflowId, "Panel 1");
    const i2 = await makeInterview(db, org.orgId, workflowId, "Panel 2");
    const t1 = await makeTodo(db, org.orgId, workflowId, "Offer pack");
    const t2 = await makeTodo(db, org.orgId, workflowId, "References");
    const iOther = await makeInterview(db, org.orgId, otherWorkflowId, "Other panel");
    const tOther = await makeTodo(db, org.orgId, otherWorkflowId, "Other todo");

    const result = await withTenant(db, org.orgId, (tx) =>
      softDeleteWorkflow(tx, { orgId: org.orgId, workflowId, actor: { userId: org.userId } }),
    );

    expect(result?.changed).toBe(true);
    expect(result?.workflow.isDeleted).toBe(true);
    expect(byId(result!.interviewIds)).toEqual(byId([i1, i2]));
    expect(byId(result!.todoIds)).toEqual(byId([t1, t2]));

    const workflow = await workflowState(db, workflowId);
    expect(workflow?.is_deleted).toBe(true);
    expect(workflow?.deleted_at).not.toBeNull();
    const cascaded = [
      ...(await states(db, "interviews", [i1, i2])),
      ...(await states(db, "todos", [t1, t2])),
    ];
    expect(cascaded).toHaveLength(4);
    for (const row of cascaded) {
      expect(row).toMatchObject({
        is_deleted: true,
        deleted_via: "workflow",
        deleted_at: workflow!.deleted_at,
      });
    }
    // the other workflow's rows are untouched
    expect(await states(db, "interviews", [iOther])).toEqual([
      { id: iOther, is_deleted: false, deleted_via: null, deleted_at: null },
    ]);
    expect(await states(db, "todos", [tOther])).toEqual([
      { id: tOther, is_deleted: false, deleted_via: null, deleted_at: null },
    ]);
  });

  it("restores exactly what the cascade took: a row deleted on its own earlier stays deleted", async () => {
    const { db } = ctx();
    const org = await makeOrg(db, "restore");
    const actor = { userId: org.userId };
    const workflowId = await makeWorkflow(db, org.orgId, "Pipeline");
    const keptInterview = await makeInterview(db, org.orgId, workflowId, "Panel");
    const selfInterview = await makeInterview(db, org.orgId, workflowId, "Cancelled panel");
    const keptTodo = await makeTodo(db, org.orgId, workflowId, "Offer pack");
    const selfTodo = await makeTodo(db, org.orgId, workflowId, "Stale todo");

    await withTenant(db, org.orgId, async (tx) => {
      expect(
        (await softDeleteInterview(tx, { orgId: org.orgId, interviewId: selfInterview, actor }))?.changed,
      ).toBe(true);
      expect((await softDeleteTodo(tx, { orgId: org.orgId, todoId: selfTodo, actor }))?.changed).toBe(true);
    });
    const [selfInterviewBefore] = await states(db, "interviews", [selfInterview]);
    const [selfTodoBefore] = await states(db, "todos", [selfTodo]);
    expect(selfInterviewBefore).toMatchObject({ is_deleted: true, deleted_via: "self" });
    expect(selfTodoBefore).toMatchObject({ is_deleted: true, deleted_via: "self" });

    const deleted = await withTenant(db, org.orgId, (tx) =>
      softDeleteWorkflow(tx, { orgId: org.orgId, workflowId, actor }),
    );
    // already-deleted rows are not taken again by the cascade
    expect(deleted?.interviewIds).toEqual([keptInterview]);
    expect(deleted?.todoIds).toEqual([keptTodo]);

    const restored = await withTenant(db, org.orgId, (tx) =>
      restoreWorkflow(tx, { orgId: org.orgId, workflowId, actor }),
    );
    expect(restored?.changed).toBe(true);
    expect(restored?.workflow.isDeleted).toBe(false);
    expect(restored?.workflow.deletedAt).toBeNull();
    expect(restored?.interviewIds).toEqual([keptInterview]);
    expect(restored?.todoIds).toEqual([keptTodo]);

    expect(await workflowState(db, workflowId)).toEqual({ is_deleted: false, deleted_at: null });
    expect(await states(db, "interviews", [keptInterview])).toEqual([
      { id: keptInterview, is_deleted: false, deleted_via: null, deleted_at: null },
    ]);
    expect(await states(db, "todos", [keptTodo])).toEqual([
      { id: keptTodo, is_deleted: false, deleted_via: null, deleted_at: null },
    ]);
    // exactly as before the workflow was deleted, timestamp included
    expect(await states(db, "interviews", [selfInterview])).toEqual([selfInterviewBefore]);
    expect(await states(db, "todos", [selfTodo])).toEqual([selfTodoBefore]);
  });

  it("hides deleted rows from the default lists and shows them with includeDeleted", async () => {
    const { db } = ctx();
    const org = await makeOrg(db, "lists");
    const actor = { userId: org.userId };
    const live = await makeWorkflow(db, org.orgId, "Alpha");
    const gone = await makeWorkflow(db, org.orgId, "Beta");
    const liveInterview = await makeInterview(db, org.orgId, live, "Live panel");
    const goneInterview = await makeInterview(db, org.orgId, gone, "Gone panel");
    const liveTodo = await makeTodo(db, org.orgId, live, "Live todo");
    const goneTodo = await makeTodo(db, org.orgId, gone, "Gone todo");
    const [jdLive, jdGone] = await withTenant(db, org.orgId, (tx) =>
      tx
        .insert(jobDescriptions)
        .values([
          { orgId: org.orgId, title: "Backend Engineer", description: "Go and PostgreSQL" },
          { orgId: org.orgId, title: "Old opening", description: "Closed" },
        ])
        .returning({ id: jobDescriptions.id }),
    );

    await withTenant(db, org.orgId, async (tx) => {
      await softDeleteWorkflow(tx, { orgId: org.orgId, workflowId: gone, actor });
      await softDeleteJobDescription(tx, { orgId: org.orgId, jobDescriptionId: jdGone!.id, actor });
    });

    await withTenant(db, org.orgId, async (tx) => {
      const o = { orgId: org.orgId };
      expect((await listWorkflows(tx, o)).map((w) => w.id)).toEqual([live]);
      expect((await listWorkflows(tx, { ...o, includeDeleted: true })).map((w) => w.id)).toEqual([
        live,
        gone,
      ]);
      expect((await listInterviews(tx, o)).map((i) => i.id)).toEqual([liveInterview]);
      expect(byId((await listInterviews(tx, { ...o, includeDeleted: true })).map((i) => i.id))).toEqual(
        byId([liveInterview, goneInterview]),
      );
      expect((await listInterviews(tx, { ...o, workflowId: gone })).map((i) => i.id)).toEqual([]);
      expect(
        (await listInterviews(tx, { ...o, workflowId: gone, includeDeleted: true })).map((i) => i.id),
      ).toEqual([goneInterview]);
      expect((await listTodos(tx, o)).map((t) => t.id)).toEqual([liveTodo]);
      expect(byId((await listTodos(tx, { ...o, includeDeleted: true })).map((t) => t.id))).toEqual(
        byId([liveTodo, goneTodo]),
      );
      expect((await listJobDescriptions(tx, o)).map((j) => j.id)).toEqual([jdLive!.id]);
      expect(byId((await listJobDescriptions(tx, { ...o, includeDeleted: true })).map((j) => j.id))).toEqual(
        byId([jdLive!.id, jdGone!.id]),
      );
      // a malformed filter id is an empty list, not a database error
      expect(await listTodos(tx, { ...o, workflowId: "not-a-uuid" })).toEqual([]);
    });

    await withTenant(db, org.orgId, async (tx) => {
      const restored = await restoreJobDescription(tx, {
        orgId: org.orgId,
        jobDescriptionId: jdGone!.id,
        actor,
      });
      expect(restored?.changed).toBe(true);
      expect(restored?.jobDescription.isDeleted).toBe(false);
      expect((await listJobDescriptions(tx, { orgId: org.orgId })).length).toBe(2);
    });
  });

  it("writes one audit entry per change and none for a no-op", async () => {
    const { db } = ctx();
    const org = await makeOrg(db, "audit");
    const actor = { userId: org.userId, ipAddress: "203.0.113.9", userAgent: "vitest" };
    const workflowId = await makeWorkflow(db, org.orgId, "Audited");
    const interviewId = await makeInterview(db, org.orgId, workflowId, "Panel");
    const todoId = await makeTodo(db, org.orgId, null, "Loose todo");
    const [jd] = await withTenant(db, org.orgId, (tx) =>
      tx
        .insert(jobDescriptions)
        .values({ orgId: org.orgId, title: "Analyst", description: "SQL" })
        .returning({ id: jobDescriptions.id, publicId: jobDescriptions.publicId }),
    );

    await withTenant(db, org.orgId, async (tx) => {
      const o = { orgId: org.orgId, actor };
      await softDeleteWorkflow(tx, { ...o, workflowId });
      // a second delete changes nothing and is not audited
      const again = await softDeleteWorkflow(tx, { ...o, workflowId });
      expect(again?.changed).toBe(false);
      expect(again?.interviewIds).toEqual([]);
      await restoreWorkflow(tx, { ...o, workflowId });
      expect((await restoreWorkflow(tx, { ...o, workflowId }))?.changed).toBe(false);
      await softDeleteTodo(tx, { ...o, todoId });
      await restoreTodo(tx, { ...o, todoId });
      await softDeleteInterview(tx, { ...o, interviewId });
      await restoreInterview(tx, { ...o, interviewId });
      await softDeleteJobDescription(tx, { ...o, jobDescriptionId: jd!.id });
    });

    const entries = await auditRows(db, org.orgId);
    expect(entries.map((e) => [e.action, e.resource_type, e.resource_id, e.user_id])).toEqual(
      expect.arrayContaining([
        ["workflow.delete", "workflow", workflowId, org.userId],
        ["workflow.restore", "workflow", workflowId, org.userId],
        ["todo.delete", "todo", todoId, org.userId],
        ["todo.restore", "todo", todoId, org.userId],
        ["interview.delete", "interview", interviewId, org.userId],
        ["interview.restore", "interview", interviewId, org.userId],
        ["job_description.delete", "job_description", jd!.publicId, org.userId],
      ]),
    );
    expect(entries).toHaveLength(7);
    expect(entries.find((e) => e.action === "workflow.delete")?.details).toEqual({
      name: "Audited",
      interviews: 1,
      todos: 0,
    });
    const [meta] = await query<{ ip_address: string; user_agent: string; success: boolean }>(
      db,
      sql`select ip_address, user_agent, success from audit_logs where org_id = ${org.orgId} and action = 'workflow.delete'`,
    );
    expect(meta).toEqual({ ip_address: "203.0.113.9", user_agent: "vitest", success: true });
  });

  it("returns null for unknown, malformed and foreign ids and changes nothing", async () => {
    const { db } = ctx();
    const mine = await makeOrg(db, "mine");
    const theirs = await makeOrg(db, "theirs");
    const theirWorkflow = await makeWorkflow(db, theirs.orgId, "Theirs");
    const theirInterview = await makeInterview(db, theirs.orgId, theirWorkflow, "Their panel");
    const theirTodo = await makeTodo(db, theirs.orgId, theirWorkflow, "Their todo");
    const actor = { userId: mine.userId };

    await withTenant(db, mine.orgId, async (tx) => {
      const o = { orgId: mine.orgId, actor };
      expect(await softDeleteWorkflow(tx, { ...o, workflowId: randomUUID() })).toBeNull();
      expect(await softDeleteWorkflow(tx, { ...o, workflowId: "WF-000001" })).toBeNull();
      expect(await softDeleteWorkflow(tx, { ...o, workflowId: theirWorkflow })).toBeNull();
      expect(await restoreWorkflow(tx, { ...o, workflowId: theirWorkflow })).toBeNull();
      expect(await softDeleteInterview(tx, { ...o, interviewId: theirInterview })).toBeNull();
      expect(await restoreInterview(tx, { ...o, interviewId: "42" })).toBeNull();
      expect(await softDeleteTodo(tx, { ...o, todoId: theirTodo })).toBeNull();
      expect(await restoreTodo(tx, { ...o, todoId: randomUUID() })).toBeNull();
      expect(await softDeleteJobDescription(tx, { ...o, jobDescriptionId: "JD-000001" })).toBeNull();
      expect(await restoreJobDescription(tx, { ...o, jobDescriptionId: randomUUID() })).toBeNull();
      // the transaction is still usable: malformed ids never reached PostgreSQL
      expect(await listWorkflows(tx, { orgId: mine.orgId })).toEqual([]);
    });

    expect(await workflowState(db, theirWorkflow)).toEqual({ is_deleted: false, deleted_at: null });
    expect((await states(db, "interviews", [theirInterview]))[0]?.is_deleted).toBe(false);
    expect((await states(db, "todos", [theirTodo]))[0]?.is_deleted).toBe(false);
    expect(await auditRows(db, mine.orgId)).toEqual([]);
  });

  it("is all or nothing: a failure part-way leaves the workflow and its rows as they were", async () => {
    const { db } = ctx();
    const org = await makeOrg(db, "atomic");
    const actor = { userId: org.userId };
    const workflowId = await makeWorkflow(db, org.orgId, "Fragile");
    const interviewId = await makeInterview(db, org.orgId, workflowId, "Panel");
    const todoId = await makeTodo(db, org.orgId, workflowId, "explode");
    // The todo cascade runs after the workflow and interview updates; make it fail there.
    await db.execute(sql`create or replace function test_explode() returns trigger language plpgsql as $$
      begin raise exception 'todo update refused by test trigger'; end $$`);
    await db.execute(sql`create trigger test_explode before update on todos
      for each row when (new.title = 'explode') execute function test_explode()`);
    try {
      // 1. the caller catches the error and keeps using its transaction: the savepoint undid the partial work
      const seenInside = await withTenant(db, org.orgId, async (tx) => {
        const failure = await softDeleteWorkflow(tx, { orgId: org.orgId, workflowId, actor }).catch(
          (e: unknown) => e,
        );
        expect(pgError(failure)).toMatchObject({
          code: "P0001",
          message: "todo update refused by test trigger",
        });
        const [w] = await tx
          .select({ isDeleted: workflows.isDeleted })
          .from(workflows)
          .where(sql`id = ${workflowId}`);
        const [i] = await tx
          .select({ isDeleted: interviews.isDeleted })
          .from(interviews)
          .where(sql`id = ${interviewId}`);
        return { workflow: w?.isDeleted, interview: i?.isDeleted };
      });
      expect(seenInside).toEqual({ workflow: false, interview: false });

      // 2. the error propagates: withTenant rolls everything back
      const propagated = await withTenant(db, org.orgId, (tx) =>
        softDeleteWorkflow(tx, { orgId: org.orgId, workflowId, actor }),
      ).catch((e: unknown) => e);
      expect(pgError(propagated)).toMatchObject({
        code: "P0001",
        message: "todo update refused by test trigger",
      });

      expect(await workflowState(db, workflowId)).toEqual({ is_deleted: false, deleted_at: null });
      expect(await states(db, "interviews", [interviewId])).toEqual([
        { id: interviewId, is_deleted: false, deleted_via: null, deleted_at: null },
      ]);
      expect(await states(db, "todos", [todoId])).toEqual([
        { id: todoId, is_deleted: false, deleted_via: null, deleted_at: null },
      ]);
      expect(await auditRows(db, org.orgId)).toEqual([]);
    } finally {
      await db.execute(sql`drop trigger if exists test_explode on todos`);
      await db.execute(sql`drop function if exists test_explode()`);
    }
  });
});
