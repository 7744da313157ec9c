import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, cursorField, pageFields } from "@/db/queries/paging";
import { fromDate, toDate } from "@/lib/api/schemas";

export const listAuditQuery = z.strictObject({
  /** An exact action (`workflow.update`) or a family (`workflow.*`). */
  action: text()
    .trim()
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, "an action like workflow.update, or a family like workflow.*")
    .max(100)
    .optional(),
  resource_type: text().trim().min(1).max(100).optional(),
  resource_id: text().trim().min(1).max(200).optional(),
  user_id: z.uuid().optional(),
  from: fromDate.optional(),
  to: toDate.optional(),
  success: boolQuery.optional(),
  cursor: cursorField.optional(),
  ...pageFields(50),
});
