import "server-only";
import fs from "node:fs/promises";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { asAuth, withTenant } from "@/db/tenant";
import { type ImportIssue, parseLegacyImport } from "./legacy";
import { type ImportReport, writeImport } from "./write";

/** A refusal the command line prints as is (exit code 2 for usage, 1 otherwise). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly issues?: ImportIssue[],
  ) {
    super(message);
  }
}

/**
 * The organization by slug and the importing user: the one named by --user (an e-mail of that
 * organization), else its first admin. Looked up under the auth role, before the tenant is known.
 */
export async function resolveImporter(db: Database, orgSlug: string, userEmail?: string) {
  return asAuth(db, async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.slug, orgSlug));
    if (!org) throw new CliError(`No organization has the slug "${orgSlug}"`);
    const [user] = userEmail
      ? await tx
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(and(eq(users.orgId, org.id), eq(sql`lower(${users.email})`, userEmail.toLowerCase())))
      : await tx
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(and(eq(users.orgId, org.id), eq(users.role, "admin"), eq(users.isActive, true)))
          .orderBy(asc(users.createdAt))
          .limit(1);
    if (!user) {
      throw new CliError(
        userEmail
          ? `No user ${userEmail} in organization "${orgSlug}"`
          : `Organization "${orgSlug}" has no active admin; name the importing user with --user`,
      );
    }
    return { orgId: org.id, orgName: org.name, userId: user.id, userEmail: user.email };
  });
}

/** `npm run import -- <file> --org <slug> [--user <email>]`, minus the printing. */
export async function importFile(
  db: Database,
  options: { file: string; orgSlug: string; userEmail?: string; now?: Date },
): Promise<ImportReport & { orgId: string; userEmail: string }> {
  const importer = await resolveImporter(db, options.orgSlug, options.userEmail);
  let text: string;
  try {
    text = await fs.readFile(options.file, "utf8");
  } catch (error) {
    throw new CliError(
      `Cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const contentType = /\.(ndjson|jsonl)$/i.test(options.file) ? "application/x-ndjson" : "application/json";
  const parsed = parseLegacyImport(text, { contentType, now: options.now });
  if (!parsed.ok)
    throw new CliError(
      `${parsed.issues.length} problem(s) in ${options.file}; nothing was imported`,
      1,
      parsed.issues,
    );
  const report = await withTenant(db, importer.orgId, (tx) =>
    writeImport(
      tx,
      { orgId: importer.orgId, userId: importer.userId, userAgent: "npm run import" },
      parsed.format,
      parsed.runs,
    ),
  );
  return { ...report, orgId: importer.orgId, userEmail: importer.userEmail };
}
