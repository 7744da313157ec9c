// npm run db:seed [-- --runs N] [-- --force]
// Seeds the demo organization (four demo logins, workflows, jobs, resumes and 60 days of runs) into
// the configured database, if it has no organizations yet. PostgreSQL mode needs --force: the demo
// logins share a published password and must not reach a production database by accident.
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { DEMO_PASSWORD, demoAccounts } from "@/lib/demo/accounts";
import { DEFAULT_RUNS, seedDemo } from "@/lib/demo/seed";
import { EnvError, env } from "@/lib/env";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { force: { type: "boolean", default: false }, runs: { type: "string" } },
    strict: true,
  });
  const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) {
    console.error(`--runs takes a whole number between 1 and 100000, got ${values.runs}`);
    return 2;
  }
  const e = env();
  if (e.mode === "postgres" && !values.force) {
    console.error(
      "Refusing to seed demo data into PostgreSQL (DATABASE_URL is set): the demo logins use a published password.\n" +
        "Run `npm run db:seed -- --force` if this really is a throwaway database.",
    );
    return 1;
  }
  const where = e.mode === "embedded" ? `PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  const result = await seedDemo(getDb().db, { runs });
  if (!result.created) {
    console.log(`Nothing seeded on ${where}: ${result.reason}.`);
    return 0;
  }
  const s = result.summary;
  const statuses = Object.entries(s.runsByStatus)
    .map(([status, n]) => `${status} ${n}`)
    .join(", ");
  console.log(`Seeded the demo organization on ${where} in ${(s.elapsedMs / 1000).toFixed(1)} s:`);
  console.log(`  organization     ${s.orgId}`);
  console.log(
    `  workflows        ${s.workflows} (configs: ${s.workflowConfigs} versions, ${s.channelConfigs} channels)`,
  );
  console.log(`  job descriptions ${s.jobDescriptions}`);
  console.log(`  resumes          ${s.resumes}`);
  console.log(`  runs             ${s.runs} (${statuses})`);
  console.log(`  run steps        ${s.steps}`);
  console.log(`  match results    ${s.matchResults}`);
  console.log(`  approvals        ${s.approvals}`);
  console.log(`  interviews       ${s.interviews}`);
  console.log(`  todos            ${s.todos}`);
  console.log(`  audit entries    ${s.auditLogs}`);
  console.log("Sign in with any of:");
  for (const a of demoAccounts) console.log(`  ${a.role.padEnd(9)} ${a.email}  /  ${DEMO_PASSWORD}`);
  return 0;
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof EnvError || error instanceof TypeError ? error.message : error);
    await closeDb().catch(() => {});
    process.exit(1);
  });
