// npm run worker: a standalone executor for PostgreSQL deployments. Run as many
// as you like, on any machines; they coordinate only through the database.
// SIGTERM/SIGINT: stop claiming, let running handlers finish (grace period),
// release what is left, exit.
import { closeDb, getDb } from "@/db/client";
import { recycleOnDriverBug, surviveDriverFaults } from "@/db/driver-faults";
import { migrationState } from "@/db/migrate";
import { createWorker } from "@/lib/engine/boot";
import { shutdownWithin } from "@/lib/engine/shutdown";
import { EnvError, env, workerSettings } from "@/lib/env";

/** Beyond the grace period, time for releasing what is left and closing the pool. */
const SHUTDOWN_MARGIN_MS = 15_000;

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
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing ${worker.activeSteps} step(s)…`);
    // a rejection here must not reach the driver-fault net (which would keep the process alive)
    void shutdownWithin({
      worker,
      graceMs: settings.graceMs,
      limitMs: settings.graceMs + SHUTDOWN_MARGIN_MS,
      close: closeDb,
      log: (message) => console.log(`[worker] ${message}`),
      exit: (code) => process.exit(code),
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
