import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { todoPriorities, todoStatuses } from "@/db/schema/enums";
import { csvOf, isoDate, runRef } from "@/lib/api/schemas";
import { dateTime } from "../interviews/schema";

const todoFields = {
  title: text().trim().min(1).max(300),
  description: text()
    .trim()
    .max(10_000)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
  /** A live workflow of the organization; null unlinks. */
  workflow_id: z.uuid().nullable().optional(),
  /** A run (`WF-…` or uuid); its workflow becomes the todo's when workflow_id is not given. */
  run_id: runRef.nullable().optional(),
  assignee_id: z.uuid().nullable().optional(),
  due_at: dateTime.nullable().optional(),
  status: z.enum(todoStatuses).optional(),
  priority: z.enum(todoPriorities).optional(),
};

export const createTodoBody = z.strictObject(todoFields);

export const updateTodoBody = z
  .strictObject({ ...todoFields, title: todoFields.title.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "name at least one field to change",
  });

export const listTodosQuery = z.strictObject({
  workflow_id: z.uuid().optional(),
  run_id: runRef.optional(),
  status: csvOf(todoStatuses).optional(),
  priority: csvOf(todoPriorities).optional(),
  /** A user id, `me`, or `none` for unassigned todos. */
  assignee: z.union([z.uuid(), z.enum(["me", "none"])]).optional(),
  /** `overdue` (past due and not done or cancelled) or `none` (no due date). */
  due: z.enum(["overdue", "none"]).optional(),
  due_before: isoDate.optional(),
  due_after: isoDate.optional(),
  include_deleted: boolQuery.optional(),
  ...pageFields(50),
});

export const todoDetailQuery = z.strictObject({ include_deleted: boolQuery.optional() });

export const todoParams = z.strictObject({ todoId: z.uuid() });
