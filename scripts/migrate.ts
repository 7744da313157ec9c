// npm run db:migrate            apply pending migrations
// npm run db:rollback [-- N|all] reverse the last N (default 1) or all migrations
import { closeDb, getDb } from "@/db/client";
import { migrateDown, migrateUp, migrationState } from "@/db/migrate";
import { env } from "@/lib/env";

async function main() {
  const [direction = "up", count = "1"] = process.argv.slice(2);
  const e = env();
  const { db } = getDb();
  const where = e.mode === "embedded" ? `PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  if (direction === "up") {
    const applied = await migrateUp(db);
    console.log(applied.length ? `applied ${applied.join(", ")} on ${where}` : `up to date on ${where}`);
  } else if (direction === "down") {
    const steps = count === "all" ? Number.POSITIVE_INFINITY : Number.parseInt(count, 10);
    if (!Number.isFinite(steps) && count !== "all") throw new Error(`not a count: ${count}`);
    if (Number.isNaN(steps) || steps < 1)
      throw new Error(`rollback takes a positive count or "all", got ${count}`);
    const reverted = await migrateDown(db, steps);
    console.log(reverted.length ? `rolled back ${reverted.join(", ")} on ${where}` : "nothing to roll back");
  } else if (direction === "status") {
    console.log(JSON.stringify(await migrationState(db), null, 2));
  } else {
    throw new Error(`usage: migrate.ts up | down [N|all] | status`);
  }
  await closeDb();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
