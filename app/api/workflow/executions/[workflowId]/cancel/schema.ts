import { z } from "zod";
import { storableText } from "../../schema";

export const cancelBody = z.strictObject({
  reason: storableText(z.string().trim().min(1).max(500)).optional(),
});
