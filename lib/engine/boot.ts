import "server-only";
import { type DbHandle, getDb } from "@/db/client";
import { handlers } from "@/lib/agents";
import { env, heartbeatFor, type WorkerSettings, workerSettings } from "@/lib/env";
import { cleanupAllOrganizations } from "./retention";
import { Worker, type WorkerOptions } from "./worker";

const KEY = Symbol.for("runledger.worker");
type G = typeof globalThis & { [KEY]?: Worker };

/**
 * A worker with the environment's settings (WORKER_CONCURRENCY, WORKER_LEASE_MS and the heartbeat
 * derived from it), for `npm run worker` and the web process alike; `options` override them.
 */
export function createWorker(
  handle: DbHandle,
  options: Partial<WorkerOptions> = {},
  settings: WorkerSettings = workerSettings(),
): Worker {
  return new Worker(handle, {
    handlers,
    concurrency: settings.concurrency,
    leaseMs: settings.leaseMs,
    relayClaimMs: settings.relayClaimMs,
    daily: { everyMs: 24 * 3_600_000, run: () => cleanupAllOrganizations(handle.db) },
    log: (message, data) => console.log(`[worker] ${message}`, data ?? ""),
    ...options,
    // a lease given here without a heartbeat gets the heartbeat rule, not the environment's heartbeat
    heartbeatMs:
      options.heartbeatMs ??
      (options.leaseMs !== undefined ? heartbeatFor(options.leaseMs) : settings.heartbeatMs),
  });
}

/**
 * Starts the in-process worker once per process (instrumentation may run in
 * more than one bundle). WORKER=off keeps a web node from executing steps.
 */
export async function startWebWorker(): Promise<Worker | null> {
  if (env().WORKER === "off") return null;
  const g = globalThis as G;
  if (g[KEY]) return g[KEY];
  const settings = workerSettings();
  const worker = createWorker(getDb(), {}, settings);
  g[KEY] = worker;
  await worker.start();
  const stop = () => {
    void worker.stop(settings.graceMs);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  console.log(`[worker] ${worker.id} executing steps in the web process`, worker.settings);
  return worker;
}
