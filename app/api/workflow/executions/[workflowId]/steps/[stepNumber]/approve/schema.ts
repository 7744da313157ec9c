import { z } from "zod";
import { storableText } from "../../../../schema";

export const approveBody = z.strictObject({
  decision: z.enum(["approved", "rejected"]),
  comment: storableText(z.string().trim().min(1).max(2000)).optional(),
});
