// npm run import -- <file> --org <slug> [--user <email>]
// Imports legacy workflow history (seed 001) into an organization: the browser's localStorage
// `workflowHistory` (JSON) or a MongoDB `workflow_executions` export (JSON array or NDJSON, Extended
// JSON). All or nothing; re-running with the same file creates nothing new. Runs are attributed to
// the user a record names (when they belong to the organization), else to --user (default: the
// organization's first admin).
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { CliError, importFile } from "@/lib/import/cli";
import { EnvError, env } from "@/lib/env";

const USAGE = "usage: npm run import -- <file> --org <slug> [--user <email>]";

async function main(): Promise<number> {
  let parsed: { values: { org?: string; user?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { org: { type: "string" }, user: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length || !parsed.values.org) {
    console.error(`one file and --org are required\n${USAGE}`);
    return 2;
  }
  const e = env();
  const where = e.mode === "embedded" ? `PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  try {
    const report = await importFile(getDb().db, {
      file,
      orgSlug: parsed.values.org,
      userEmail: parsed.values.user,
    });
    console.log(
      `Imported ${file} (${report.format}) into ${parsed.values.org} on ${where} as ${report.userEmail}: ` +
        `${report.total} run(s), ${report.created} created, ${report.skipped_existing} already imported.`,
    );
    for (const r of report.runs) {
      const extra = r.defaulted.length ? `  defaulted: ${r.defaulted.join(", ")}` : "";
      console.log(`  ${r.outcome.padEnd(16)} ${r.legacy_id} → ${r.workflow_id ?? "?"} (${r.status})${extra}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`import refused: ${error.message}`);
      for (const i of error.issues?.slice(0, 50) ?? [])
        console.error(`  ${i.path}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`);
      if ((error.issues?.length ?? 0) > 50) console.error(`  … and ${(error.issues?.length ?? 0) - 50} more`);
      return error.exitCode;
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
