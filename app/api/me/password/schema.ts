import { z } from "zod";

export const changePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: z.string().min(1).max(200),
});
