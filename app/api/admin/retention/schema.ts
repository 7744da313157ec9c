import { z } from "zod";

export const retentionPreviewQuery = z.strictObject({
  /** The retention to preview, in days. */
  days: z.coerce.number().int().min(1).max(36_500),
});
