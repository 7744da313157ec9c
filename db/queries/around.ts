import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, notInArray, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import {
  type Interview,
  interviews,
  type interviewStatuses,
  type Todo,
  type todoPriorities,
  type todoStatuses,
  todos,
} from "@/db/schema";
import { isUuid } from "./paging";

// Interviews and todos (seed 003): lists with filters and totals, look-ups and writes. Soft delete and
// restore (with the workflow cascade) live in soft-delete.ts.

type InterviewStatus = (typeof interviewStatuses)[number];
type TodoStatus = (typeof todoStatuses)[number];
type TodoPriority = (typeof todoPriorities)[number];

export type InterviewFilter = {
  orgId: string;
  includeDeleted?: boolean;
  workflowId?: string;
  runId?: string;
  status?: InterviewStatus[];
  from?: Date;
  to?: Date;
};

/** Interviews newest first: latest scheduled time first (unscheduled last), then latest created. */
export async function listInterviewPage(
  q: Queryable,
  f: InterviewFilter,
  page: { limit: number; skip: number },
) {
  const parts: SQL[] = [eq(interviews.orgId, f.orgId)];
  if (!f.includeDeleted) parts.push(eq(interviews.isDeleted, false));
  if (f.workflowId) parts.push(eq(interviews.workflowId, f.workflowId));
  if (f.runId) parts.push(eq(interviews.runId, f.runId));
  if (f.status?.length) parts.push(inArray(interviews.status, f.status));
  if (f.from) parts.push(gte(interviews.scheduledAt, f.from));
  if (f.to) parts.push(lte(interviews.scheduledAt, f.to));
  const where = and(...parts);
  const rows = await q
    .select()
    .from(interviews)
    .where(where)
    .orderBy(sql`${interviews.scheduledAt} desc nulls last`, desc(interviews.createdAt), desc(interviews.id))
    .limit(page.limit)
    .offset(page.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(interviews)
    .where(where);
  return { rows, total };
}

export async function findInterview(
  q: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Interview | null> {
  if (!isUuid(id)) return null;
  const query = q
    .select()
    .from(interviews)
    .where(and(eq(interviews.orgId, orgId), eq(interviews.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export type InterviewValues = Partial<
  Pick<
    typeof interviews.$inferInsert,
    | "title"
    | "workflowId"
    | "runId"
    | "resumeId"
    | "candidateName"
    | "interviewerId"
    | "scheduledAt"
    | "durationMinutes"
    | "location"
    | "status"
    | "notes"
  >
>;

export async function insertInterview(
  q: Queryable,
  orgId: string,
  createdBy: string,
  values: InterviewValues & { title: string },
): Promise<Interview> {
  const [row] = await q
    .insert(interviews)
    .values({ ...values, orgId, createdBy })
    .returning();
  return row!;
}

export async function updateInterview(q: Queryable, orgId: string, id: string, values: InterviewValues) {
  const [row] = await q
    .update(interviews)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(interviews.orgId, orgId), eq(interviews.id, id)))
    .returning();
  return row!;
}

export type TodoFilter = {
  orgId: string;
  includeDeleted?: boolean;
  workflowId?: string;
  runId?: string;
  status?: TodoStatus[];
  priority?: TodoPriority[];
  /** A user id, or null for unassigned todos. */
  assigneeId?: string | null;
  due?: "overdue" | "none";
  dueBefore?: Date;
  dueAfter?: Date;
};

/** Todos by due date (undated last). */
export async function listTodoPage(q: Queryable, f: TodoFilter, page: { limit: number; skip: number }) {
  const parts: SQL[] = [eq(todos.orgId, f.orgId)];
  if (!f.includeDeleted) parts.push(eq(todos.isDeleted, false));
  if (f.workflowId) parts.push(eq(todos.workflowId, f.workflowId));
  if (f.runId) parts.push(eq(todos.runId, f.runId));
  if (f.status?.length) parts.push(inArray(todos.status, f.status));
  if (f.priority?.length) parts.push(inArray(todos.priority, f.priority));
  if (f.assigneeId === null) parts.push(isNull(todos.assigneeId));
  else if (f.assigneeId) parts.push(eq(todos.assigneeId, f.assigneeId));
  if (f.due === "none") parts.push(isNull(todos.dueAt));
  if (f.due === "overdue") {
    parts.push(lt(todos.dueAt, sql`now()`), notInArray(todos.status, ["done", "cancelled"]));
  }
  if (f.dueBefore) parts.push(lt(todos.dueAt, f.dueBefore));
  if (f.dueAfter) parts.push(gte(todos.dueAt, f.dueAfter));
  const where = and(...parts);
  const rows = await q
    .select()
    .from(todos)
    .where(where)
    .orderBy(sql`${todos.dueAt} asc nulls last`, asc(todos.createdAt), asc(todos.id))
    .limit(page.limit)
    .offset(page.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(todos)
    .where(where);
  return { rows, total };
}

export async function findTodo(
  q: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Todo | null> {
  if (!isUuid(id)) return null;
  const query = q
    .select()
    .from(todos)
    .where(and(eq(todos.orgId, orgId), eq(todos.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export type TodoValues = Partial<
  Pick<
    typeof todos.$inferInsert,
    "title" | "description" | "workflowId" | "runId" | "assigneeId" | "dueAt" | "status" | "priority"
  >
>;

export async function insertTodo(
  q: Queryable,
  orgId: string,
  createdBy: string,
  values: TodoValues & { title: string },
): Promise<Todo> {
  const [row] = await q
    .insert(todos)
    .values({ ...values, orgId, createdBy })
    .returning();
  return row!;
}

export async function updateTodo(q: Queryable, orgId: string, id: string, values: TodoValues) {
  const [row] = await q
    .update(todos)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(todos.orgId, orgId), eq(todos.id, id)))
    .returning();
  return row!;
}
