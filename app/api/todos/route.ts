import { insertTodo, listTodoPage } from "@/db/queries/around";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentTodo } from "@/lib/api/presenters-resources";
import { assertActiveUser, resolveLinks, runFilterId } from "../interviews/links";
import { createTodoBody, listTodosQuery } from "./schema";

/** Todos by due date, filtered by workflow, run, status, priority, assignee and due date. */
export const GET = withApi(
  { permission: "todos:read", query: listTodosQuery },
  async ({ principal, query, tenant }) => {
    if (query.include_deleted && principal.role !== "admin") {
      throw new ApiError("forbidden", "Only admins may list deleted todos");
    }
    const assigneeId =
      query.assignee === "me" ? principal.userId : query.assignee === "none" ? null : query.assignee;
    const page = await tenant(async (tx) =>
      listTodoPage(
        tx,
        {
          orgId: principal.orgId,
          includeDeleted: query.include_deleted,
          workflowId: query.workflow_id,
          runId: await runFilterId(tx, principal.orgId, query.run_id),
          status: query.status,
          priority: query.priority,
          assigneeId,
          due: query.due,
          dueBefore: query.due_before,
          dueAfter: query.due_after,
        },
        { limit: query.limit, skip: query.skip },
      ),
    );
    return { todos: page.rows.map(presentTodo), total: page.total };
  },
);

/** Creates a todo, optionally linked to a (live) workflow and a run and assigned to a user. */
export const POST = withApi(
  { permission: "todos:write", body: createTodoBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    const todo = await tenant(async (tx) => {
      const links = await resolveLinks(tx, principal, body);
      if (body.assignee_id) await assertActiveUser(tx, principal.orgId, body.assignee_id, "Assignee");
      const created = await insertTodo(tx, principal.orgId, principal.userId, {
        title: body.title,
        description: body.description ?? null,
        workflowId: links.workflowId ?? null,
        runId: links.runId ?? null,
        assigneeId: body.assignee_id ?? null,
        dueAt: body.due_at ?? null,
        status: body.status,
        priority: body.priority,
      });
      await audit(tx, {
        action: "todo.create",
        resourceType: "todo",
        resourceId: created.id,
        details: { title: created.title, workflow_id: created.workflowId, run_id: created.runId },
      });
      return created;
    });
    return Response.json(presentTodo(todo), { status: 201 });
  },
);
