import { getDb } from "@/db/client";
import { insertUser, listUsers } from "@/db/queries/users";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentUser } from "@/lib/api/presenters-resources";
import { hashPassword } from "@/lib/auth/password";
import { emailExists, uniqueViolation } from "@/lib/workflows/provision";
import { createUserBody, listUsersQuery } from "./schema";

/** Users of the organization by name (admins only). */
export const GET = withApi(
  { permission: "users:manage", query: listUsersQuery },
  async ({ principal, query, tenant }) => {
    const page = await tenant((tx) =>
      listUsers(
        tx,
        { orgId: principal.orgId, q: query.q, role: query.role, active: query.is_active },
        { limit: query.limit, skip: query.skip },
      ),
    );
    return { users: page.rows.map(presentUser), total: page.total };
  },
);

const emailTaken = () => new ApiError("conflict", "A user with this e-mail already exists");

/**
 * Adds a user to the organization. E-mails are unique across all organizations (login finds users by
 * e-mail alone), so a taken e-mail is a 409. The password is stored only as a bcrypt hash.
 */
export const POST = withApi(
  { permission: "users:manage", body: createUserBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    if (await emailExists(getDb().db, body.email)) throw emailTaken();
    const passwordHash = await hashPassword(body.password);
    try {
      const user = await tenant(async (tx) => {
        const created = await insertUser(tx, principal.orgId, {
          email: body.email,
          name: body.name,
          role: body.role,
          passwordHash,
        });
        await audit(tx, {
          action: "user.create",
          resourceType: "user",
          resourceId: created.id,
          details: { email: created.email, role: created.role },
        });
        return created;
      });
      return Response.json(presentUser(user), { status: 201 });
    } catch (error) {
      if (uniqueViolation(error) === "users_email_key") throw emailTaken();
      throw error;
    }
  },
);
