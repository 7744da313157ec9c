import type { DbHandle } from "./client";

/**
 * A process-level safety net for the PostgreSQL driver's fault paths. postgres.js 3.4.9 can throw
 * from a `setImmediate` when a connection dies under a query (`Cannot read properties of null
 * (reading 'write')` in connection.js nextWrite, upstream porsager/postgres #1066/#1154/#1208), and
 * leaves some promises of a dead connection (a transaction's rollback) rejected with nobody
 * listening. Either would end the process; a worker must instead log, reconnect and carry on (the
 * pool reconnects on the next query, the worker loop backs off and retries, leases cover the rest).
 *
 * Narrow on purpose: only errors raised inside the driver or carrying a connection-loss code are
 * swallowed; anything else still ends the process as Node would (printed, exit code 1).
 */

/** postgres.js connection codes, socket errors, and the server's "connection went away" SQLSTATEs. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting or in recovery
  "08000", // connection_exception
  "08003", // connection_does_not_exist
  "08006", // connection_failure
]);

/** The driver's own source files, in either of its builds (ESM src/ or CommonJS cjs/src/). */
const DRIVER_FRAME = /[\\/]node_modules[\\/]postgres[\\/](?:cjs[\\/])?src[\\/]/;

/**
 * Whether `error` is the driver reporting (or tripping over) a lost connection, directly or as the
 * `cause` of a wrapper (drizzle's DrizzleQueryError).
 */
export function isDriverConnectionFault(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  if (isDriverConnectionFault((error as { cause?: unknown }).cause, depth + 1)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return isDriverBug(error);
}

/**
 * A bug inside the driver itself: a TypeError whose throwing frame is one of its files. After the
 * nextWrite fault the connection keeps a stale write timer and never sends again (each use waits for
 * the connect timeout), so the pool is replaced (DbHandle.recycle).
 */
export function isDriverBug(error: unknown): boolean {
  if (!(error instanceof TypeError) || typeof error.stack !== "string") return false;
  const top = error.stack.split("\n").find((line) => line.trimStart().startsWith("at "));
  return top !== undefined && DRIVER_FRAME.test(top);
}

const INSTALLED = Symbol.for("runledger.driverFaultGuard");
type G = typeof globalThis & { [INSTALLED]?: { faults: number } };

/**
 * Installs the safety net once per process; returns a counter of the faults it absorbed. Only for
 * processes whose top-level error policy is ours (`npm run worker`); the web server keeps Next.js's.
 */
export function surviveDriverFaults(
  log: (message: string, data?: Record<string, unknown>) => void,
  /** Called (not awaited) after a driver bug (isDriverBug): replace the pool. */
  onDriverBug: () => void = () => {},
): {
  faults: number;
} {
  const g = globalThis as G;
  if (g[INSTALLED]) return g[INSTALLED];
  const state = { faults: 0 };
  g[INSTALLED] = state;
  const fatal = (error: unknown) => {
    console.error(error);
    process.exit(1);
  };
  process.on("uncaughtException", (error) => {
    if (!isDriverConnectionFault(error)) return fatal(error);
    state.faults++;
    log("database connection fault absorbed", { error: String(error), faults: state.faults });
    if (isDriverBug(error)) onDriverBug();
  });
  process.on("unhandledRejection", (reason) => {
    if (!isDriverConnectionFault(reason)) return fatal(reason);
    state.faults++;
    log("database connection fault absorbed (unhandled rejection)", {
      error: String(reason),
      faults: state.faults,
    });
    if (isDriverBug(reason)) onDriverBug();
  });
  return state;
}

/**
 * The onDriverBug of a worker process: replaces the handle's pool (one replacement at a time), then
 * `resubscribe` makes the LISTEN subscription again on the new pool.
 */
export function recycleOnDriverBug(
  handle: DbHandle,
  resubscribe: () => Promise<void>,
  log: (message: string, data?: Record<string, unknown>) => void,
): () => void {
  let busy = false;
  return () => {
    if (busy || !handle.recycle) return;
    busy = true;
    handle
      .recycle()
      .then(resubscribe)
      .then(
        () => log("database pool replaced after a driver fault"),
        (error: unknown) => log("database pool replacement failed", { error: String(error) }),
      )
      .finally(() => {
        busy = false;
      });
  };
}
