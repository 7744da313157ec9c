import { z } from "zod";
import { jdRef } from "@/lib/api/schemas";

/** Seed 001 MatchingBatchRequest. Without resume_ids every live resume of the organization is matched (at most 1000). */
export const MAX_BATCH = 1000;

export const batchBody = z.strictObject({
  jd_id: jdRef,
  resume_ids: z.array(z.uuid()).min(1).max(MAX_BATCH).optional(),
  force_reprocess: z.boolean().default(false),
});
