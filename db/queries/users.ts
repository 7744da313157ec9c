import "server-only";
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type User, users } from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { forgetTokens } from "@/lib/auth/tokens";
import { containsPattern, isUuid } from "./paging";

export type UserFilter = { orgId: string; q?: string; role?: UserRole[]; active?: boolean };

/** Users of the organization by name. */
export async function listUsers(q: Queryable, f: UserFilter, page: { limit: number; skip: number }) {
  const parts: (SQL | undefined)[] = [eq(users.orgId, f.orgId)];
  if (f.q) {
    const p = containsPattern(f.q);
    parts.push(or(ilike(users.name, p), ilike(users.email, p)));
  }
  if (f.role?.length) parts.push(inArray(users.role, f.role));
  if (f.active !== undefined) parts.push(eq(users.isActive, f.active));
  const where = and(...parts);
  const rows = await q
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(page.limit)
    .offset(page.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  return { rows, total };
}

export async function findUser(
  q: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<User | null> {
  if (!isUuid(id)) return null;
  const query = q
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * Locks the organization's active admins and returns their ids. Holding these locks while demoting or
 * deactivating an admin serialises such changes, so two admins cannot remove each other at once.
 */
export async function lockActiveAdmins(q: Queryable, orgId: string): Promise<string[]> {
  const rows = await q
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, "admin"), eq(users.isActive, true)))
    .orderBy(asc(users.id))
    .for("update");
  return rows.map((r) => r.id);
}

export async function insertUser(
  q: Queryable,
  orgId: string,
  values: { email: string; name: string; role: UserRole; passwordHash: string },
): Promise<User> {
  const [row] = await q
    .insert(users)
    .values({ orgId, ...values })
    .returning();
  return row!;
}

export async function updateUser(
  q: Queryable,
  orgId: string,
  id: string,
  values: Partial<Pick<User, "name" | "role" | "isActive">>,
): Promise<User> {
  const [row] = await q
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(users.orgId, orgId), eq(users.id, id)))
    .returning();
  // a role change or deactivation applies to the user's API tokens at once in this process
  // (elsewhere within TOKEN_CACHE_MS)
  if (values.role !== undefined || values.isActive !== undefined) forgetTokens({ userId: id });
  return row!;
}
