import type { presentTodo } from "@/lib/api/presenters-resources";

export type Todo = ReturnType<typeof presentTodo>;
export type TodoPage = { todos: Todo[]; total: number };
export type TodoFilters = {
  workflow: string;
  status: string;
  priority: string;
  due: string;
  deleted: boolean;
};

export const TODO_PAGE_SIZE = 50;

export const todosKey = (f: TodoFilters) =>
  [
    "todos",
    "list",
    { workflow: f.workflow, status: f.status, priority: f.priority, due: f.due, deleted: f.deleted },
  ] as const;
