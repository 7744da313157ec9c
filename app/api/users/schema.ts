import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { userRoles } from "@/db/schema/enums";
import { csvOf } from "@/lib/api/schemas";
import { passwordProblem } from "@/lib/auth/password-policy";

export { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

const name = text().trim().min(1).max(200);

export const createUserBody = z
  .strictObject({
    email: text().trim().toLowerCase().max(254).pipe(z.email()),
    name,
    role: z.enum(userRoles),
    /** At least 12 characters and not guessable (zxcvbn-ts, with the user's own details); stored only as a bcrypt hash. */
    password: z.string().max(200),
  })
  .superRefine((body, ctx) => {
    const problem = passwordProblem(body.password, [body.email, body.name]);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: `Password ${problem}` });
  });

export const updateUserBody = z
  .strictObject({
    name: name.optional(),
    role: z.enum(userRoles).optional(),
    is_active: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.role !== undefined || b.is_active !== undefined, {
    message: "name at least one field to change",
  });

export const listUsersQuery = z.strictObject({
  q: text().trim().min(1).max(200).optional(),
  role: csvOf(userRoles).optional(),
  is_active: boolQuery.optional(),
  ...pageFields(50),
});

export const userParams = z.strictObject({ userId: z.uuid() });
