import { z } from "zod";

export const approvalsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
