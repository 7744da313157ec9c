import { findTodo, type TodoValues, updateTodo } from "@/db/queries/around";
import { softDeleteTodo } from "@/db/queries/soft-delete";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentTodo } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { assertActiveUser, resolveLinks } from "../../interviews/links";
import { todoDetailQuery, todoParams, updateTodoBody } from "../schema";

export const GET = withApi(
  { permission: "todos:read", params: todoParams, query: todoDetailQuery },
  async ({ principal, params, query, tenant }) => {
    const todo = await tenant((tx) => findTodo(tx, principal.orgId, params.todoId));
    const showDeleted = query.include_deleted === true && principal.role === "admin";
    if (!todo || (todo.isDeleted && !showDeleted)) throw notFound("Todo");
    return presentTodo(todo);
  },
);

/** Changes a live todo; null clears a field or a link. */
export const PATCH = withApi(
  { permission: "todos:write", params: todoParams, body: updateTodoBody },
  async ({ principal, params, body, tenant, audit }) => {
    const todo = await tenant(async (tx) => {
      const current = await findTodo(tx, principal.orgId, params.todoId, { forUpdate: true });
      if (!current) throw notFound("Todo");
      if (current.isDeleted) throw new ApiError("conflict", "Todo is deleted; restore it first");
      const links = await resolveLinks(tx, principal, body);
      if (body.assignee_id) await assertActiveUser(tx, principal.orgId, body.assignee_id, "Assignee");
      const values: TodoValues = {
        title: body.title,
        description: body.description,
        ...links,
        assigneeId: body.assignee_id,
        dueAt: body.due_at,
        status: body.status,
        priority: body.priority,
      };
      const updated = await updateTodo(tx, principal.orgId, current.id, values);
      await audit(tx, {
        action: "todo.update",
        resourceType: "todo",
        resourceId: current.id,
        details: {
          fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
          ...(body.status && body.status !== current.status
            ? { status: { from: current.status, to: body.status } }
            : {}),
        },
      });
      return updated;
    });
    return presentTodo(todo);
  },
);

/** Soft delete (on its own; restoring its workflow will not bring it back). Repeating it changes nothing. */
export const DELETE = withApi(
  { permission: "todos:write", params: todoParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant((tx) =>
      softDeleteTodo(tx, {
        orgId: principal.orgId,
        todoId: params.todoId,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      }),
    );
    if (!result) throw notFound("Todo");
    return presentTodo(result.todo);
  },
);
