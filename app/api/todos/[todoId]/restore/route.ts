import { findTodo } from "@/db/queries/around";
import { restoreTodo } from "@/db/queries/soft-delete";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentTodo } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { assertWorkflowLive } from "../../../interviews/links";
import { todoParams } from "../../schema";

/** Restores a deleted todo; 409 while its workflow is deleted (restore the workflow instead). */
export const POST = withApi(
  { permission: "todos:write", params: todoParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant(async (tx) => {
      const current = await findTodo(tx, principal.orgId, params.todoId);
      if (!current) throw notFound("Todo");
      if (current.isDeleted) await assertWorkflowLive(tx, principal.orgId, current.workflowId);
      return restoreTodo(tx, {
        orgId: principal.orgId,
        todoId: params.todoId,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      });
    });
    if (!result) throw notFound("Todo");
    return presentTodo(result.todo);
  },
);
