import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, rows, type Tx } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { asAuth, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "@/lib/auth/password-policy";
import { type BuiltinWorkflowIds, ensureBuiltinWorkflows } from "./builtin";

// Organization provisioning: the logic behind `npm run admin:create`, shared with the demo seed.
//
// Decisions:
// - Look-ups that must see every organization (is this e-mail taken, does this slug exist) run under
//   the auth role, whose policies allow exactly those reads; everything else runs in one withTenant
//   transaction of the (new) organization, so a failure leaves no half-made organization.
// - The organizations row is inserted inside withTenant with a pre-generated id: its policy only lets
//   a transaction see and write the organization it is scoped to.
// - An existing slug means "add an admin to that organization"; an existing e-mail is refused (e-mails
//   are unique across organizations because login looks users up by e-mail alone). Both are checked
//   first for a clear message and enforced again by unique indexes against concurrent creators.

export class AdminCreateError extends Error {
  constructor(
    readonly code: "invalid_input" | "email_exists" | "slug_conflict",
    message: string,
  ) {
    super(message);
    this.name = "AdminCreateError";
  }
}

export { MIN_PASSWORD_LENGTH };

const adminCreateInput = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  orgName: z.string().trim().min(1).max(200),
  orgSlug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes")
    .max(63)
    .optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200).optional(),
  passwordCost: z.number().int().min(4).max(15).optional(),
});

export type AdminCreateInput = z.input<typeof adminCreateInput>;

export type AdminCreateResult = {
  orgId: string;
  orgSlug: string;
  orgCreated: boolean;
  userId: string;
  email: string;
  /** The password to hand over: the given one, or the generated one (shown once, never stored). */
  password: string;
  passwordGenerated: boolean;
  workflows: BuiltinWorkflowIds;
};

/** URL-safe organization slug from a display name ("Acme Talent, Inc." → "acme-talent-inc"). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
}

/** 24 characters of base64url from 18 random bytes: 144 bits, no shell-hostile characters. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** The constraint a unique violation (23505) broke, through drizzle's error wrapping; null otherwise. */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const record = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (record.code === "23505") {
      const name = record.constraint_name ?? record.constraint;
      return typeof name === "string" ? name : "";
    }
    e = record.cause;
  }
  return null;
}

/** Inserts an organization row; must run in withTenant(db, id, …) of that same id. */
export async function insertOrganization(
  tx: Tx,
  org: { id: string; name: string; slug: string },
): Promise<void> {
  await tx.insert(organizations).values(org);
}

/** The id of the organization with this slug, across tenants (auth role). */
export async function findOrganizationBySlug(db: Database, slug: string): Promise<string | null> {
  const [row] = await asAuth(db, (tx) =>
    rows<{ id: string }>(tx, sql`select id from organizations where slug = ${slug}`),
  );
  return row?.id ?? null;
}

/** Whether any user, in any organization, has this e-mail (case-insensitive, as login matches it). */
export async function emailExists(db: Database, email: string): Promise<boolean> {
  const found = await asAuth(db, (tx) =>
    rows<{ one: number }>(tx, sql`select 1 as one from users where lower(email) = lower(${email}) limit 1`),
  );
  return found.length > 0;
}

/**
 * Creates an admin user, and the organization (with its built-in workflows) when no organization
 * has the slug yet. Refuses an e-mail that already exists. Works on both drivers.
 */
export async function adminCreate(db: Database, input: AdminCreateInput): Promise<AdminCreateResult> {
  const parsed = adminCreateInput.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    throw new AdminCreateError("invalid_input", message);
  }
  const { email, name, orgName, passwordCost } = parsed.data;
  const weak = parsed.data.password ? passwordProblem(parsed.data.password, [email, name, orgName]) : null;
  if (weak) throw new AdminCreateError("invalid_input", `password: ${weak}`);
  const orgSlug = parsed.data.orgSlug ?? slugify(orgName);
  if (!orgSlug)
    throw new AdminCreateError("invalid_input", `cannot derive a slug from "${orgName}"; pass one`);

  if (await emailExists(db, email)) {
    throw new AdminCreateError("email_exists", `a user with e-mail ${email} already exists`);
  }
  const existingOrgId = await findOrganizationBySlug(db, orgSlug);
  const password = parsed.data.password ?? generatePassword();
  const passwordHash = await hashPassword(password, passwordCost);
  const orgId = existingOrgId ?? randomUUID();

  try {
    return await withTenant(db, orgId, async (tx) => {
      if (!existingOrgId) {
        await insertOrganization(tx, { id: orgId, name: orgName, slug: orgSlug });
      }
      const [user] = await tx
        .insert(users)
        .values({ orgId, email, name, role: "admin", passwordHash })
        .returning({ id: users.id });
      const userId = user!.id;
      if (!existingOrgId) {
        await audit(
          tx,
          { orgId, userId },
          {
            action: "organization.create",
            resourceType: "organization",
            resourceId: orgId,
            details: { slug: orgSlug },
          },
        );
      }
      await audit(
        tx,
        { orgId, userId },
        {
          action: "user.create",
          resourceType: "user",
          resourceId: userId,
          details: { email, role: "admin" },
        },
      );
      const { created: _created, ...workflows } = await ensureBuiltinWorkflows(tx, orgId, userId);
      return {
        orgId,
        orgSlug,
        orgCreated: !existingOrgId,
        userId,
        email,
        password,
        passwordGenerated: parsed.data.password === undefined,
        workflows,
      };
    });
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === "users_email_key") {
      throw new AdminCreateError("email_exists", `a user with e-mail ${email} already exists`);
    }
    if (constraint === "organizations_slug_key") {
      throw new AdminCreateError(
        "slug_conflict",
        `organization "${orgSlug}" was created concurrently; run again`,
      );
    }
    throw error;
  }
}
