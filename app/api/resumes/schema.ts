import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, cursorField, pageFields } from "@/db/queries/paging";
import { resumeStatuses } from "@/db/schema/enums";
import { csvOf } from "@/lib/api/schemas";

export const listResumesQuery = z.strictObject({
  q: text().trim().min(1).max(200).optional(),
  status: csvOf(resumeStatuses).optional(),
  include_deleted: boolQuery.optional(),
  cursor: cursorField.optional(),
  ...pageFields(20),
});

export const resumeDetailQuery = z.strictObject({ include_deleted: boolQuery.optional() });

export const resumeParams = z.strictObject({ resumeId: z.uuid() });

/** One entry of the upload response, per file in request order. */
export const uploadResult = z.object({
  file_name: z.string(),
  ok: z.boolean(),
  resume_id: z.uuid().optional(),
  duplicate: z.boolean().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
