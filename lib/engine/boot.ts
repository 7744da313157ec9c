import "server-only";
import { type DbHandle, getDb } from "@/db/client";
import { handlers } from "@/lib/agents";
import { env } from "@/lib/env";
import { cleanupAllOrganizations } from "./retention";
import { Worker, type WorkerOptions } from "./worker";

const KEY = Symbol.for("runledger.worker");
type G = typeof globalThis & { [KEY]?: Worker };

export function createWorker(handle: DbHandle, options: Partial<WorkerOptions> = {}): Worker {
  return new Worker(handle, {
    handlers,
    daily: { everyMs: 24 * 3_600_000, run: () => cleanupAllOrganizations(handle.db) },
    log: (message, data) => console.log(`[worker] ${message}`, data ?? ""),
    ...options,
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
  const worker = createWorker(getDb());
  g[KEY] = worker;
  await worker.start();
  const stop = () => {
    void worker.stop(5_000);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  console.log(`[worker] ${worker.id} executing steps in the web process`);
  return worker;
}
