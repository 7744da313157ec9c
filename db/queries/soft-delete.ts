import "server-only";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import {
  type Interview,
  interviews,
  type JobDescription,
  jobDescriptions,
  type Todo,
  type todoStatuses,
  todos,
  type Workflow,
  workflows,
} from "@/db/schema";
import { type AuditActor, type AuditEntry, audit } from "@/lib/audit";

type TodoStatus = (typeof todoStatuses)[number];

// Soft delete with provenance (seed 003, DESIGN "Around runs").
//
// Decisions:
// - Every mutation runs in a savepoint (`tx.transaction` on a transaction handle) so that a failure
//   part-way — the workflow row updated but the todo cascade not — is rolled back even when the caller
//   catches the error and goes on using its transaction. The caller's withTenant transaction still
//   decides the final commit.
// - The cascade stamps one `deleted_at` on the workflow and on every row it takes down: `now()` is the
//   transaction timestamp in PostgreSQL, identical for every statement of the transaction.
// - Restore brings back exactly the rows the cascade took (`deleted_via = 'workflow'`); rows deleted on
//   their own beforehand (`deleted_via = 'self'`) stay deleted, as the user left them.
// - Deleting something already deleted (or restoring something live) changes nothing, writes no audit
//   entry and returns the row with `changed: false`, so retried DELETEs are harmless.
// - An id that is not a UUID, or that belongs to another organization, is `null` (the caller's 404):
//   the id is checked before it reaches PostgreSQL, where a malformed uuid would abort the transaction.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who acts; the organization comes from the call itself. */
export type SoftDeleteActor = Omit<AuditActor, "orgId">;

export type WorkflowSoftDeleteInput = { orgId: string; workflowId: string; actor: SoftDeleteActor };
export type InterviewSoftDeleteInput = { orgId: string; interviewId: string; actor: SoftDeleteActor };
export type TodoSoftDeleteInput = { orgId: string; todoId: string; actor: SoftDeleteActor };
export type JobDescriptionSoftDeleteInput = {
  orgId: string;
  jobDescriptionId: string;
  actor: SoftDeleteActor;
};

export type WorkflowSoftDeleteResult = {
  workflow: Workflow;
  /** False when the workflow already was in the requested state. */
  changed: boolean;
  /** Interview ids deleted (or restored) along with the workflow. */
  interviewIds: string[];
  /** Todo ids deleted (or restored) along with the workflow. */
  todoIds: string[];
};
export type InterviewSoftDeleteResult = { interview: Interview; changed: boolean };
export type TodoSoftDeleteResult = { todo: Todo; changed: boolean };
export type JobDescriptionSoftDeleteResult = { jobDescription: JobDescription; changed: boolean };

const isUuid = (value: string) => UUID.test(value);

// ---------------------------------------------------------------------------------------------------
// Workflows (cascade to interviews and todos)

export async function softDeleteWorkflow(
  tx: Tx,
  { orgId, workflowId, actor }: WorkflowSoftDeleteInput,
): Promise<WorkflowSoftDeleteResult | null> {
  if (!isUuid(workflowId)) return null;
  return tx.transaction(async (sp) => {
    const [current] = await sp
      .select()
      .from(workflows)
      .where(and(eq(workflows.orgId, orgId), eq(workflows.id, workflowId)))
      .for("update");
    if (!current) return null;
    if (current.isDeleted) return { workflow: current, changed: false, interviewIds: [], todoIds: [] };

    const [workflow] = await sp
      .update(workflows)
      .set({ isDeleted: true, deletedAt: sql`now()` })
      .where(and(eq(workflows.orgId, orgId), eq(workflows.id, workflowId)))
      .returning();
    const cascadedInterviews = await sp
      .update(interviews)
      .set({ isDeleted: true, deletedAt: sql`now()`, deletedVia: "workflow" })
      .where(
        and(
          eq(interviews.orgId, orgId),
          eq(interviews.workflowId, workflowId),
          eq(interviews.isDeleted, false),
        ),
      )
      .returning({ id: interviews.id });
    const cascadedTodos = await sp
      .update(todos)
      .set({ isDeleted: true, deletedAt: sql`now()`, deletedVia: "workflow" })
      .where(and(eq(todos.orgId, orgId), eq(todos.workflowId, workflowId), eq(todos.isDeleted, false)))
      .returning({ id: todos.id });

    const interviewIds = cascadedInterviews.map((r) => r.id);
    const todoIds = cascadedTodos.map((r) => r.id);
    await audit(
      sp,
      { ...actor, orgId },
      {
        action: "workflow.delete",
        resourceType: "workflow",
        resourceId: workflowId,
        details: { name: current.name, interviews: interviewIds.length, todos: todoIds.length },
      },
    );
    return { workflow: workflow!, changed: true, interviewIds, todoIds };
  });
}

export async function restoreWorkflow(
  tx: Tx,
  { orgId, workflowId, actor }: WorkflowSoftDeleteInput,
): Promise<WorkflowSoftDeleteResult | null> {
  if (!isUuid(workflowId)) return null;
  return tx.transaction(async (sp) => {
    const [current] = await sp
      .select()
      .from(workflows)
      .where(and(eq(workflows.orgId, orgId), eq(workflows.id, workflowId)))
      .for("update");
    if (!current) return null;
    if (!current.isDeleted) return { workflow: current, changed: false, interviewIds: [], todoIds: [] };

    const [workflow] = await sp
      .update(workflows)
      .set({ isDeleted: false, deletedAt: null })
      .where(and(eq(workflows.orgId, orgId), eq(workflows.id, workflowId)))
      .returning();
    const restoredInterviews = await sp
      .update(interviews)
      .set({ isDeleted: false, deletedAt: null, deletedVia: null })
      .where(
        and(
          eq(interviews.orgId, orgId),
          eq(interviews.workflowId, workflowId),
          eq(interviews.isDeleted, true),
          eq(interviews.deletedVia, "workflow"),
        ),
      )
      .returning({ id: interviews.id });
    const restoredTodos = await sp
      .update(todos)
      .set({ isDeleted: false, deletedAt: null, deletedVia: null })
      .where(
        and(
          eq(todos.orgId, orgId),
          eq(todos.workflowId, workflowId),
          eq(todos.isDeleted, true),
          eq(todos.deletedVia, "workflow"),
        ),
      )
      .returning({ id: todos.id });

    const interviewIds = restoredInterviews.map((r) => r.id);
    const todoIds = restoredTodos.map((r) => r.id);
    await audit(
      sp,
      { ...actor, orgId },
      {
        action: "workflow.restore",
        resourceType: "workflow",
        resourceId: workflowId,
        details: { name: current.name, interviews: interviewIds.length, todos: todoIds.length },
      },
    );
    return { workflow: workflow!, changed: true, interviewIds, todoIds };
  });
}

// ---------------------------------------------------------------------------------------------------
// Interviews, todos and job descriptions on their own (deleted_via = 'self' where the table has it)

export async function softDeleteInterview(
  tx: Tx,
  { orgId, interviewId, actor }: InterviewSoftDeleteInput,
): Promise<InterviewSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, interviews, orgId, interviewId, actor, true);
  return r && { interview: r.row, changed: r.changed };
}

export async function restoreInterview(
  tx: Tx,
  { orgId, interviewId, actor }: InterviewSoftDeleteInput,
): Promise<InterviewSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, interviews, orgId, interviewId, actor, false);
  return r && { interview: r.row, changed: r.changed };
}

export async function softDeleteTodo(
  tx: Tx,
  { orgId, todoId, actor }: TodoSoftDeleteInput,
): Promise<TodoSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, todos, orgId, todoId, actor, true);
  return r && { todo: r.row, changed: r.changed };
}

export async function restoreTodo(
  tx: Tx,
  { orgId, todoId, actor }: TodoSoftDeleteInput,
): Promise<TodoSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, todos, orgId, todoId, actor, false);
  return r && { todo: r.row, changed: r.changed };
}

// Job descriptions have no provenance column: nothing cascades onto them.

export async function softDeleteJobDescription(
  tx: Tx,
  { orgId, jobDescriptionId, actor }: JobDescriptionSoftDeleteInput,
): Promise<JobDescriptionSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, jobDescriptions, orgId, jobDescriptionId, actor, true);
  return r && { jobDescription: r.row, changed: r.changed };
}

export async function restoreJobDescription(
  tx: Tx,
  { orgId, jobDescriptionId, actor }: JobDescriptionSoftDeleteInput,
): Promise<JobDescriptionSoftDeleteResult | null> {
  const r = await setRowDeleted(tx, jobDescriptions, orgId, jobDescriptionId, actor, false);
  return r && { jobDescription: r.row, changed: r.changed };
}

type SoftDeletable = typeof interviews | typeof todos | typeof jobDescriptions;

/** What the audit log says about a row deleted or restored on its own. */
function auditEntryOf(
  table: SoftDeletable,
  row: Interview | Todo | JobDescription,
  deleted: boolean,
): AuditEntry {
  if (table === jobDescriptions) {
    const jd = row as JobDescription;
    return {
      action: deleted ? "job_description.delete" : "job_description.restore",
      resourceType: "job_description",
      // the public JD-… id, as users and the API know it
      resourceId: jd.publicId,
      details: { id: jd.id, title: jd.title },
    };
  }
  const kind = table === interviews ? "interview" : "todo";
  const item = row as Interview | Todo;
  return {
    action: `${kind}.${deleted ? "delete" : "restore"}`,
    resourceType: kind,
    resourceId: item.id,
    // on restore, say whether the row had gone with its workflow or on its own
    details: { title: item.title, workflow_id: item.workflowId, deleted_via: item.deletedVia },
  };
}

/** Deletes (or restores) one row in a savepoint, locked, audited; null when absent or foreign. */
async function setRowDeleted<T extends SoftDeletable>(
  tx: Tx,
  table: T,
  orgId: string,
  id: string,
  actor: SoftDeleteActor,
  deleted: boolean,
): Promise<{ row: T["$inferSelect"]; changed: boolean } | null> {
  if (!isUuid(id)) return null;
  const t: SoftDeletable = table;
  const provenance = t !== jobDescriptions;
  return tx.transaction(async (sp) => {
    const where = and(eq(t.orgId, orgId), eq(t.id, id));
    const [current] = await sp.select().from(t).where(where).for("update");
    if (!current) return null;
    if (current.isDeleted === deleted) return { row: current as T["$inferSelect"], changed: false };
    const set = deleted
      ? { isDeleted: true, deletedAt: sql`now()`, ...(provenance ? { deletedVia: "self" as const } : {}) }
      : { isDeleted: false, deletedAt: null, ...(provenance ? { deletedVia: null } : {}) };
    const [row] = await sp.update(t).set(set).where(where).returning();
    await audit(sp, { ...actor, orgId }, auditEntryOf(t, current, deleted));
    return { row: row as T["$inferSelect"], changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Lists: deleted rows are hidden unless asked for

export const LIST_DEFAULT_LIMIT = 100;
export const LIST_MAX_LIMIT = 500;

export type ListOptions = {
  orgId: string;
  /** Include soft-deleted rows (trash views, restore pickers). */
  includeDeleted?: boolean;
  /** Page size, 1..LIST_MAX_LIMIT. */
  limit?: number;
};

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return LIST_DEFAULT_LIMIT;
  return Math.min(LIST_MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

function whereAll(conditions: (SQL | undefined)[]): SQL | undefined {
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

/** Workflows of an organization by name. */
export async function listWorkflows(q: Queryable, options: ListOptions): Promise<Workflow[]> {
  return q
    .select()
    .from(workflows)
    .where(
      whereAll([
        eq(workflows.orgId, options.orgId),
        options.includeDeleted ? undefined : eq(workflows.isDeleted, false),
      ]),
    )
    .orderBy(asc(workflows.name), asc(workflows.id))
    .limit(pageSize(options.limit));
}

export type InterviewListOptions = ListOptions & { workflowId?: string; runId?: string };

/** Interviews newest first (latest scheduled first, unscheduled last, as the app's list), optionally of one workflow or run. */
export async function listInterviews(q: Queryable, options: InterviewListOptions): Promise<Interview[]> {
  if ((options.workflowId && !isUuid(options.workflowId)) || (options.runId && !isUuid(options.runId)))
    return [];
  return q
    .select()
    .from(interviews)
    .where(
      whereAll([
        eq(interviews.orgId, options.orgId),
        options.includeDeleted ? undefined : eq(interviews.isDeleted, false),
        options.workflowId ? eq(interviews.workflowId, options.workflowId) : undefined,
        options.runId ? eq(interviews.runId, options.runId) : undefined,
      ]),
    )
    .orderBy(sql`${interviews.scheduledAt} desc nulls last`, desc(interviews.createdAt), desc(interviews.id))
    .limit(pageSize(options.limit));
}

export type TodoListOptions = ListOptions & { workflowId?: string; runId?: string; status?: TodoStatus };

/** Todos by due date (undated last), optionally of one workflow or run or in one status. */
export async function listTodos(q: Queryable, options: TodoListOptions): Promise<Todo[]> {
  if ((options.workflowId && !isUuid(options.workflowId)) || (options.runId && !isUuid(options.runId)))
    return [];
  return q
    .select()
    .from(todos)
    .where(
      whereAll([
        eq(todos.orgId, options.orgId),
        options.includeDeleted ? undefined : eq(todos.isDeleted, false),
        options.workflowId ? eq(todos.workflowId, options.workflowId) : undefined,
        options.runId ? eq(todos.runId, options.runId) : undefined,
        options.status ? eq(todos.status, options.status) : undefined,
      ]),
    )
    .orderBy(sql`${todos.dueAt} asc nulls last`, asc(todos.createdAt), asc(todos.id))
    .limit(pageSize(options.limit));
}

/** Job descriptions, newest first. */
export async function listJobDescriptions(q: Queryable, options: ListOptions): Promise<JobDescription[]> {
  return q
    .select()
    .from(jobDescriptions)
    .where(
      whereAll([
        eq(jobDescriptions.orgId, options.orgId),
        options.includeDeleted ? undefined : eq(jobDescriptions.isDeleted, false),
      ]),
    )
    .orderBy(desc(jobDescriptions.createdAt), desc(jobDescriptions.id))
    .limit(pageSize(options.limit));
}
