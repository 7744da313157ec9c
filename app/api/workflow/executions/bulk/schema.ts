import { z } from "zod";
import { runFilterFields, runRef } from "@/lib/api/schemas";
import { jsonObject, storableText } from "../schema";

/** Bulk actions touch at most this many runs per request. */
export const BULK_LIMIT = 500;

/** The run list's filters as a JSON object (context as an object rather than a JSON string). */
export const bulkFilter = z.strictObject({
  ...runFilterFields,
  q: storableText(z.string().trim().min(1).max(200)).optional(),
  context: jsonObject.optional(),
});

/**
 * Either explicit run ids (at most 500) or the run list's filters (the first
 * 500 matching runs, newest first; the answer says when more matched).
 */
export const bulkBody = z
  .strictObject({
    ids: z.array(runRef).min(1).max(BULK_LIMIT).optional(),
    filter: bulkFilter.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.ids === undefined) === (b.filter === undefined)) {
      ctx.addIssue({ code: "custom", message: "send either ids or filter, not both and not neither" });
    }
  });
