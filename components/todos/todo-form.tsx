"use client";

import { useState } from "react";
import { fieldErrors } from "@/components/admin/api";
import { fromLocalInput, humanize, toLocalInput } from "@/components/admin/format";
import type { OrgUser } from "@/components/admin/users";
import { WorkflowLinkField } from "@/components/admin/workflow-link-field";
import type { WorkflowOption } from "@/components/admin/workflow-options";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { todoPriorities, todoStatuses } from "@/db/schema/enums";
import type { Todo } from "./queries";

export type TodoInput = {
  title: string;
  description: string | null;
  workflow_id: string | null;
  due_at: string | null;
  status: (typeof todoStatuses)[number];
  priority: (typeof todoPriorities)[number];
  assignee_id?: string | null;
};

const KEEP = "__keep__";

/** Create or edit a todo. Admins assign anyone; other roles assign themselves or nobody. */
export function TodoForm({
  todo,
  workflows,
  users,
  me,
  defaultWorkflow,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  todo?: Todo;
  workflows: WorkflowOption[];
  users: OrgUser[] | null;
  me: string;
  defaultWorkflow?: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: TodoInput) => void;
  onCancel: () => void;
}) {
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = fieldErrors(error);
  const errors = { ...server, ...local };
  const assignedElsewhere = !users && todo?.assignee_id && todo.assignee_id !== me;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    if (!text("title")) {
      setLocal({ title: "Give the todo a title." });
      return;
    }
    setLocal({});
    const assignee = text("assignee_id");
    onSubmit({
      title: text("title"),
      description: text("description") || null,
      workflow_id: text("workflow_id") || null,
      due_at: fromLocalInput(text("due_at")),
      status: text("status") as TodoInput["status"],
      priority: text("priority") as TodoInput["priority"],
      ...(assignee === KEEP ? {} : { assignee_id: assignee || null }),
    });
  }

  const generalError = error instanceof Error && Object.keys(server).length === 0 ? error.message : null;

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={generalError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title" error={errors.title} className="sm:col-span-2">
          {(p) => (
            <input
              {...p}
              name="title"
              defaultValue={todo?.title ?? ""}
              maxLength={300}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Description" error={errors.description} className="sm:col-span-2">
          {(p) => (
            <textarea
              {...p}
              name="description"
              rows={3}
              defaultValue={todo?.description ?? ""}
              className={controlClass}
            />
          )}
        </Field>
        <WorkflowLinkField
          noun="todo"
          workflows={workflows}
          linked={todo ? todo.workflow_id : undefined}
          defaultWorkflow={defaultWorkflow}
          error={errors.workflow_id}
        />
        <Field label="Due" hint="Your local time." error={errors.due_at}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              name="due_at"
              defaultValue={toLocalInput(todo?.due_at)}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Status" error={errors.status}>
          {(p) => (
            <select {...p} name="status" defaultValue={todo?.status ?? "open"} className={controlClass}>
              {todoStatuses.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority" error={errors.priority}>
          {(p) => (
            <select {...p} name="priority" defaultValue={todo?.priority ?? "normal"} className={controlClass}>
              {todoPriorities.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Assignee" error={errors.assignee_id}>
          {(p) => (
            <select
              {...p}
              name="assignee_id"
              defaultValue={assignedElsewhere ? KEEP : (todo?.assignee_id ?? (todo ? "" : me))}
              className={controlClass}
            >
              <option value="">Unassigned</option>
              {users ? (
                users
                  .filter((u) => u.is_active || u.id === todo?.assignee_id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name} ({u.role})
                    </option>
                  ))
              ) : (
                <>
                  <option value={me}>Me</option>
                  {assignedElsewhere ? <option value={KEEP}>Someone else (keep)</option> : null}
                </>
              )}
            </select>
          )}
        </Field>
      </div>
      <DialogActions>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          {todo ? "Save changes" : "Create todo"}
        </Button>
      </DialogActions>
    </form>
  );
}
