// npm run worker: a standalone executor for PostgreSQL deployments. Run as many
// as you like, on any machines; they coordinate only through the database.
// SIGTERM/SIGINT: stop claiming, let running handlers finish (grace period),
// release what is left, exit.
import { closeDb, getDb } from "@/db/client";
import { recycleOnDriverBug, surviveDriverFaults } from "@/db/driver-faults";
import { migrationState } from "@/db/migrate";
import { createWorker } from "@/lib/engine/boot";
import { EnvError, env, workerSettings } from "@/lib/env";

async function main() {
  // a connection killed under a busy worker (failover, pg_terminate_backend) must not end the process
  const log = (message: string, data?: Record<string, unknown>) =>
    console.error(`[worker] ${message}`, data ?? "");
  let onDriverBug = () => {};
  surviveDriverFaults(log, () => onDriverBug());
  const e = env();
  if (e.mode === "embedded") {
    console.error("npm run worker needs DATABASE_URL: in embedded mode the worker runs inside `npm start`.");
    process.exit(2);
  }
  const handle = getDb("worker");
  const state = await migrationState(handle.db);
  if (state.pending.length) {
    console.error(`pending migrations (${state.pending.join(", ")}): run npm run db:migrate first`);
    process.exit(2);
  }
  const settings = workerSettings(e);
  const worker = createWorker(handle, {}, settings);
  await worker.start();
  // a connection the driver broke never sends again: replace the pool and listen on the new one
  onDriverBug = recycleOnDriverBug(handle, () => worker.resubscribe(), log);
  const { concurrency, leaseMs, heartbeatMs } = worker.settings;
  console.log(
    `[worker] ${worker.id} started (concurrency ${concurrency}, lease ${leaseMs} ms, heartbeat ${heartbeatMs} ms)`,
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing ${worker.activeSteps} step(s)…`);
    await worker.stop(settings.graceMs);
    await closeDb();
    console.log("[worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
