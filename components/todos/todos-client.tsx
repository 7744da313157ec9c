"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage, qs } from "@/components/admin/api";
import { humanize, Time } from "@/components/admin/format";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { priorityTone, todoStatusTone } from "@/components/admin/status";
import { FilterSelect, FilterToggle, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { useOrgUsers, userLabel } from "@/components/admin/users";
import { useWorkflowOptions } from "@/components/admin/workflow-options";
import { RowActions } from "@/components/admin/row-actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { todoPriorities, todoStatuses } from "@/db/schema/enums";
import { TODO_PAGE_SIZE, type Todo, type TodoPage, todosKey } from "./queries";
import { TodoForm, type TodoInput } from "./todo-form";

type Editing = { mode: "create" } | { mode: "edit"; todo: Todo } | null;

const overdue = (t: Todo) =>
  t.due_at !== null &&
  t.status !== "done" &&
  t.status !== "cancelled" &&
  new Date(t.due_at).getTime() < Date.now();

export function TodosClient({ canWrite, isAdmin, me }: { canWrite: boolean; isAdmin: boolean; me: string }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const filters = {
    workflow: url.get("workflow"),
    status: url.get("status"),
    priority: url.get("priority"),
    due: url.get("due"),
    deleted: isAdmin && url.get("deleted") === "1",
  };
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Todo | null>(null);
  const workflows = useWorkflowOptions(isAdmin);
  const users = useOrgUsers(isAdmin);
  const workflowList = workflows.data?.workflows ?? [];
  const workflowById = new Map(workflowList.map((w) => [w.id, w]));

  const list = useInfiniteQuery({
    queryKey: todosKey(filters),
    queryFn: ({ pageParam, signal }) =>
      api<TodoPage>(
        `/api/todos${qs({
          workflow_id: filters.workflow,
          status: filters.status,
          priority: filters.priority,
          due: filters.due,
          include_deleted: filters.deleted || undefined,
          skip: pageParam || undefined,
          limit: TODO_PAGE_SIZE,
        })}`,
        { signal },
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((n, p) => n + p.todos.length, 0);
      return shown < last.total ? shown : undefined;
    },
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["todos"] });

  const save = useMutation({
    mutationFn: (input: TodoInput) =>
      editing?.mode === "edit"
        ? api<Todo>(`/api/todos/${editing.todo.id}`, { method: "PATCH", json: input })
        : api<Todo>("/api/todos", { method: "POST", json: input }),
    onSuccess: (t) => {
      notify(editing?.mode === "edit" ? `Saved “${t.title}”` : `Created “${t.title}”`);
      setEditing(null);
      void refresh();
    },
  });
  const setStatus = useMutation({
    mutationFn: ({ todo, status }: { todo: Todo; status: Todo["status"] }) =>
      api<Todo>(`/api/todos/${todo.id}`, { method: "PATCH", json: { status } }),
    onSuccess: (t) => {
      notify(t.status === "done" ? `Done: “${t.title}”` : `Reopened “${t.title}”`);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });
  const remove = useMutation({
    mutationFn: (t: Todo) => api<Todo>(`/api/todos/${t.id}`, { method: "DELETE" }),
    onSuccess: (t) => {
      notify(`Deleted “${t.title}”`);
      setDeleting(null);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });
  const restore = useMutation({
    mutationFn: (t: Todo) => api<Todo>(`/api/todos/${t.id}/restore`, { method: "POST" }),
    onSuccess: (t) => {
      notify(`Restored “${t.title}”`);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const rows = list.data?.pages.flatMap((p) => p.todos) ?? [];
  const total = list.data?.pages[0]?.total ?? null;
  const filterWorkflow = filters.workflow ? workflowById.get(filters.workflow) : undefined;
  const filtered = Boolean(filters.workflow || filters.status || filters.priority || filters.due);

  return (
    <>
      <PageHeader
        title="Todos"
        description="Follow-ups created by workflows and by people. A todo linked to a workflow is hidden while that workflow is deleted, and comes back when it is restored."
        actions={
          canWrite ? (
            <Button
              variant="primary"
              onClick={() => {
                save.reset();
                setEditing({ mode: "create" });
              }}
            >
              New todo
            </Button>
          ) : null
        }
      />
      <Toolbar label="Filter todos">
        <FilterSelect
          label="Workflow"
          className="w-full sm:w-64"
          value={filters.workflow}
          onChange={(v) => url.set({ workflow: v })}
          options={[
            { value: "", label: "All workflows" },
            ...workflowList.map((w) => ({
              value: w.id,
              label: w.is_deleted ? `${w.name} (deleted)` : w.name,
            })),
          ]}
        />
        <FilterSelect
          label="Status"
          className="w-full sm:w-40"
          value={filters.status}
          onChange={(v) => url.set({ status: v })}
          options={[
            { value: "", label: "Any status" },
            ...todoStatuses.map((s) => ({ value: s, label: humanize(s) })),
          ]}
        />
        <FilterSelect
          label="Priority"
          className="w-full sm:w-36"
          value={filters.priority}
          onChange={(v) => url.set({ priority: v })}
          options={[
            { value: "", label: "Any priority" },
            ...todoPriorities.map((s) => ({ value: s, label: humanize(s) })),
          ]}
        />
        <FilterSelect
          label="Due"
          className="w-full sm:w-36"
          value={filters.due}
          onChange={(v) => url.set({ due: v })}
          options={[
            { value: "", label: "Any time" },
            { value: "overdue", label: "Overdue" },
            { value: "none", label: "No due date" },
          ]}
        />
        {isAdmin ? (
          <FilterToggle
            label="Show deleted"
            checked={filters.deleted}
            onChange={(on) => url.set({ deleted: on ? "1" : null })}
          />
        ) : null}
      </Toolbar>

      {list.isError ? (
        <ListError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading todos…</p>
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No todos match these filters" : "No todos yet"}>
          {filterWorkflow?.is_deleted
            ? "This workflow is deleted, so its todos are hidden. Restore the workflow to bring them back."
            : null}
        </EmptyState>
      ) : (
        <>
          <TableCard caption="Todos">
            <thead>
              <tr>
                <Th>Todo</Th>
                <Th>Due</Th>
                <Th className="hidden lg:table-cell">Workflow</Th>
                <Th className="hidden xl:table-cell">Priority</Th>
                <Th className="hidden xl:table-cell">Status</Th>
                {canWrite ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <Tbody>
              {rows.map((t) => {
                const w = t.workflow_id ? workflowById.get(t.workflow_id) : undefined;
                const restoreBlocked = t.is_deleted && w?.is_deleted;
                const finished = t.status === "done" || t.status === "cancelled";
                return (
                  <tr
                    key={t.id}
                    data-testid="todo-row"
                    className={t.is_deleted ? "bg-slate-50/70 dark:bg-slate-950/40" : undefined}
                  >
                    <Td className="min-w-48 max-w-md">
                      <div className="flex flex-wrap items-center gap-2">
                        <span
                          className={`font-medium ${t.status === "done" ? "text-slate-500 line-through dark:text-slate-400" : ""}`}
                        >
                          {t.title}
                        </span>
                        {t.is_deleted ? (
                          <Badge tone="red">
                            {t.deleted_via === "workflow" ? "Deleted with workflow" : "Deleted"}
                          </Badge>
                        ) : null}
                        <span className="xl:hidden">
                          <Badge tone={todoStatusTone[t.status]}>{humanize(t.status)}</Badge>
                        </span>
                      </div>
                      {t.description ? (
                        <p className="line-clamp-1 text-xs text-slate-600 dark:text-slate-400">
                          {t.description}
                        </p>
                      ) : null}
                      {w ? (
                        <p className="text-xs text-slate-600 lg:hidden dark:text-slate-400">{w.name}</p>
                      ) : null}
                      <p className="text-xs text-slate-600 dark:text-slate-400">
                        {t.assignee_id
                          ? t.assignee_id === me
                            ? "Assigned to you"
                            : isAdmin
                              ? `Assigned to ${userLabel(users.data?.users, t.assignee_id)}`
                              : "Assigned to a teammate"
                          : "Unassigned"}
                      </p>
                    </Td>
                    <Td>
                      <Time iso={t.due_at} fallback="No due date" />
                      {overdue(t) ? (
                        <div>
                          <Badge tone="red">Overdue</Badge>
                        </div>
                      ) : null}
                    </Td>
                    <Td className="hidden whitespace-nowrap lg:table-cell">
                      {t.workflow_id ? (
                        <Link
                          href={`/workflows/${t.workflow_id}`}
                          className="text-brand-700 hover:underline dark:text-brand-100"
                        >
                          {w?.name ?? "Workflow"}
                        </Link>
                      ) : (
                        <span className="text-slate-500 dark:text-slate-400">—</span>
                      )}
                    </Td>
                    <Td className="hidden xl:table-cell">
                      <Badge tone={priorityTone[t.priority]}>{humanize(t.priority)}</Badge>
                    </Td>
                    <Td className="hidden xl:table-cell">
                      <Badge tone={todoStatusTone[t.status]}>{humanize(t.status)}</Badge>
                    </Td>
                    {canWrite ? (
                      <Td className="text-right">
                        <RowActions
                          name={t.title}
                          deleted={t.is_deleted}
                          stack
                          onRestore={() => restore.mutate(t)}
                          restoring={restore.isPending && restore.variables?.id === t.id}
                          restoreBlockedReason={restoreBlocked ? "Restore its workflow instead" : null}
                          onEdit={() => {
                            save.reset();
                            setEditing({ mode: "edit", todo: t });
                          }}
                          onDelete={() => setDeleting(t)}
                        >
                          <Button
                            size="sm"
                            onClick={() => setStatus.mutate({ todo: t, status: finished ? "open" : "done" })}
                            pending={setStatus.isPending && setStatus.variables?.todo.id === t.id}
                            aria-label={`${finished ? "Reopen" : "Mark done"}: ${t.title}`}
                          >
                            {finished ? "Reopen" : "Done"}
                          </Button>
                        </RowActions>
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={rows.length}
            total={total}
            noun="todos"
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}

      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing?.mode === "edit" ? "Edit todo" : "New todo"}
      >
        <TodoForm
          todo={editing?.mode === "edit" ? editing.todo : undefined}
          workflows={workflowList}
          users={isAdmin ? (users.data?.users ?? null) : null}
          me={me}
          defaultWorkflow={filterWorkflow && !filterWorkflow.is_deleted ? filterWorkflow.id : undefined}
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => save.mutate(input)}
          onCancel={() => setEditing(null)}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this todo?"
        confirmLabel="Delete todo"
        pending={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        “{deleting?.title}” is removed from the list. Restoring its workflow later does not bring back a todo
        deleted on its own; an admin can restore it from the deleted list.
      </ConfirmDialog>
    </>
  );
}
