import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { users } from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { asAuth, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";
import { passwordProblem } from "./password-policy";

export type SessionUser = {
  id: string;
  orgId: string;
  role: UserRole;
  email: string;
  name: string;
  sessionVersion: number;
};

/**
 * Checks an e-mail and password. Unknown e-mails still pay for a bcrypt
 * comparison so response time does not reveal which accounts exist. Failed
 * attempts on a known account are audited in its organization.
 */
export async function checkCredentials(
  db: Database,
  input: { email: string; password: string },
  meta: { ipAddress: string | null; userAgent: string | null },
): Promise<SessionUser | null> {
  const email = input.email.trim().toLowerCase();
  const [row] = await asAuth(db, (tx) =>
    tx
      .select({
        id: users.id,
        orgId: users.orgId,
        role: users.role,
        email: users.email,
        name: users.name,
        sessionVersion: users.sessionVersion,
        passwordHash: users.passwordHash,
        isActive: users.isActive,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1),
  );
  const ok = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
  if (!row) return null;
  const success = ok && row.isActive;
  await withTenant(db, row.orgId, async (tx) => {
    if (success) await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, row.id));
    await audit(
      tx,
      { orgId: row.orgId, userId: row.id, ...meta },
      {
        action: "auth.login",
        resourceType: "user",
        resourceId: row.id,
        success,
        details: success ? {} : { reason: row.isActive ? "bad_password" : "inactive" },
      },
    );
  });
  if (!success) return null;
  return {
    id: row.id,
    orgId: row.orgId,
    role: row.role,
    email: row.email,
    name: row.name,
    sessionVersion: row.sessionVersion,
  };
}

/**
 * The user a session cookie names, as the database has it now. A session JWT lives for hours; a user
 * deactivated, moved or given another role since sign-in must not keep the old rights until it expires,
 * and a session signed out (its version is behind the user's) has ended, whoever copied the cookie.
 */
export async function currentSessionUser(
  db: Database,
  userId: string,
  orgId: string,
  sessionVersion = 0,
): Promise<SessionUser | null> {
  const [row] = await asAuth(db, (tx) =>
    tx
      .select({
        id: users.id,
        orgId: users.orgId,
        role: users.role,
        email: users.email,
        name: users.name,
        sessionVersion: users.sessionVersion,
      })
      .from(users)
      .where(
        and(
          eq(users.id, userId),
          eq(users.orgId, orgId),
          eq(users.isActive, true),
          eq(users.sessionVersion, sessionVersion),
        ),
      )
      .limit(1),
  );
  return row ?? null;
}

/** Ends every session of a user (sign-out, password change): cookies signed before stop working. */
export async function endSessions(db: Database, userId: string, orgId: string): Promise<void> {
  await withTenant(db, orgId, (tx) =>
    tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId)),
  );
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; field: "current_password" | "new_password"; message: string };

/**
 * Changes a user's own password: the current one must be right and the new one pass the policy (checked
 * against the user's e-mail and name). The session version moves on in the same statement, so every
 * session of the user, the one asking included, ends; the user signs in again with the new password.
 */
export async function changePassword(
  tx: Tx,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<PasswordChange> {
  const [row] = await tx
    .select({ passwordHash: users.passwordHash, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash)))
    return { ok: false, field: "current_password", message: "is not your current password" };
  if (input.newPassword === input.currentPassword)
    return { ok: false, field: "new_password", message: "must differ from the current password" };
  const problem = passwordProblem(input.newPassword, [row.email, row.name]);
  if (problem) return { ok: false, field: "new_password", message: `Password ${problem}` };
  await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
  return { ok: true };
}
