// npm run admin:create -- --email a@b.c --name "Full Name" --org "Org name" [--slug org-slug] [--password …]
// Creates an admin user, and the organization with its built-in workflows when no organization has
// that slug yet. Never prompts (CI has no stdin): without --password a strong password is generated
// and printed once. Refuses an e-mail that already exists. Works on PGlite and PostgreSQL.
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { EnvError, env } from "@/lib/env";
import { AdminCreateError, adminCreate } from "@/lib/workflows/provision";

const USAGE =
  'usage: npm run admin:create -- --email a@b.c --name "Full Name" --org "Org name" [--slug s] [--password p]';

async function main(): Promise<number> {
  let values: { email?: string; name?: string; org?: string; slug?: string; password?: string };
  try {
    values = parseArgs({
      options: {
        email: { type: "string" },
        name: { type: "string" },
        org: { type: "string" },
        slug: { type: "string" },
        password: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !values.name || !values.org) {
    console.error(`--email, --name and --org are required\n${USAGE}`);
    return 2;
  }
  const e = env();
  const where = e.mode === "embedded" ? `PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  try {
    const result = await adminCreate(getDb().db, {
      email: values.email,
      name: values.name,
      orgName: values.org,
      orgSlug: values.slug,
      password: values.password,
    });
    console.log(
      result.orgCreated
        ? `Created organization "${values.org}" (${result.orgSlug}, ${result.orgId}) with its built-in workflows on ${where}.`
        : `Organization ${result.orgSlug} (${result.orgId}) already exists on ${where}; adding an admin to it.`,
    );
    console.log(`Created admin ${result.email} (${result.userId}).`);
    if (result.passwordGenerated) {
      console.log(`Generated password (shown once, store it now): ${result.password}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AdminCreateError) {
      console.error(`admin:create refused: ${error.message}`);
      return error.code === "invalid_input" ? 2 : 1;
    }
    throw error;
  }
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    await closeDb().catch(() => {});
    process.exit(1);
  });
