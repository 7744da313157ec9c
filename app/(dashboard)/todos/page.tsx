import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { prefetchOrgUsers } from "@/components/admin/users-server";
import { prefetchWorkflowOptions } from "@/components/admin/workflow-options-server";
import { TODO_PAGE_SIZE, type TodoPage, todosKey } from "@/components/todos/queries";
import { TodosClient } from "@/components/todos/todos-client";
import { getDb } from "@/db/client";
import { listTodoPage } from "@/db/queries/around";
import { isUuid } from "@/db/queries/paging";
import { todoPriorities, todoStatuses } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentTodo } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Todos" };

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

export default async function TodosPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("todos:read");
  const sp = await searchParams;
  const isAdmin = user.role === "admin"; // the API lists deleted todos to admins only
  const filters = {
    workflow: first(sp.workflow),
    status: first(sp.status),
    priority: first(sp.priority),
    due: first(sp.due),
    deleted: isAdmin && first(sp.deleted) === "1",
  };
  const { workflow, status, priority, due } = filters;
  // a filter the API would refuse is left to the client, which shows the API's error
  const valid =
    (!workflow || isUuid(workflow)) &&
    (!status || oneOf(todoStatuses, status)) &&
    (!priority || oneOf(todoPriorities, priority)) &&
    (!due || due === "overdue" || due === "none");
  const queryClient = makeQueryClient();
  await withTenant(getDb().db, user.orgId, async (tx) => {
    await prefetchWorkflowOptions(tx, queryClient, user.orgId, isAdmin);
    if (isAdmin) await prefetchOrgUsers(tx, queryClient, user.orgId);
    if (!valid) return;
    const page = await listTodoPage(
      tx,
      {
        orgId: user.orgId,
        includeDeleted: filters.deleted,
        workflowId: workflow || undefined,
        status: status && oneOf(todoStatuses, status) ? [status] : undefined,
        priority: priority && oneOf(todoPriorities, priority) ? [priority] : undefined,
        due: due === "overdue" || due === "none" ? due : undefined,
      },
      { limit: TODO_PAGE_SIZE, skip: 0 },
    );
    const data: TodoPage = { todos: page.rows.map(presentTodo), total: page.total };
    queryClient.setQueryData(todosKey(filters), { pages: [data], pageParams: [0] });
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <TodosClient canWrite={can(user.role, "todos:write")} isAdmin={isAdmin} me={user.userId} />
    </Hydrated>
  );
}
