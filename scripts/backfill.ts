// npm run backfill [-- --org <slug>]
// Fills the node configuration copied onto run steps where it is missing (seed 000's backfill):
// fields still holding the fallbacks ("Unknown Step", "unknown", order 0) take their node's values;
// steps whose node is gone keep the fallbacks. Idempotent: a second run updates nothing. See
// lib/import/backfill.ts for the exact definition of "missing".
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { backfillAll } from "@/lib/import/backfill";
import { EnvError, env } from "@/lib/env";

async function main(): Promise<number> {
  let values: { org?: string };
  try {
    values = parseArgs({ options: { org: { type: "string" } }, strict: true }).values;
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : error}\nusage: npm run backfill [-- --org <slug>]`,
    );
    return 2;
  }
  const e = env();
  const where = e.mode === "embedded" ? `PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  const report = await backfillAll(getDb().db, { orgSlug: values.org });
  if (values.org && !report.organizations.length) {
    console.error(`No organization has the slug "${values.org}"`);
    return 1;
  }
  console.log(`Backfilled run steps on ${where}:`);
  const line = (label: string, c: (typeof report)["total"]) =>
    `  ${label.padEnd(30)} scanned ${c.scanned}, updated ${c.updated}, already_complete ${c.already_complete}, fallback ${c.fallback}`;
  for (const o of report.organizations) console.log(line(o.slug, o.counts));
  console.log(line("total", report.total));
  return 0;
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
