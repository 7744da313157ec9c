import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { userRoles } from "@/db/schema/enums";
import { csvOf } from "@/lib/api/schemas";

/** As for admins made by `npm run admin:create` (lib/workflows/provision.ts). */
export const MIN_PASSWORD_LENGTH = 12;

const name = text().trim().min(1).max(200);

export const createUserBody = z.strictObject({
  email: text().trim().toLowerCase().max(254).pipe(z.email()),
  name,
  role: z.enum(userRoles),
  /** At least 12 characters; stored only as a bcrypt hash. */
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
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
