import { z } from "zod";

export const rerunFromBody = z.strictObject({
  step_number: z.number().int().min(1).max(99_999),
});
