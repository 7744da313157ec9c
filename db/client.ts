import "server-only";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgDialect, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, poolSize } from "@/lib/env";
import { pgliteExtensions } from "./pglite-extensions";
import { lockDirectory } from "./pglite-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; query functions accept either. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Tx;
export type Driver = "pglite" | "postgres";

export type DbHandle = {
  db: Database;
  driver: Driver;
  /** postgres.js client (PostgreSQL mode), for LISTEN/NOTIFY. */
  pg?: postgres.Sql;
  /** PGlite instance (embedded mode). */
  pglite?: PGlite;
  /**
   * PostgreSQL: replaces the pool with a fresh one under the same `db` and ends the old one. For a
   * pool the driver may have left broken (see db/driver-faults.ts); LISTEN subscriptions must be
   * made again on the new pool.
   */
  recycle?(): Promise<void>;
  close(): Promise<void>;
};

export function openPglite(dir?: string): DbHandle {
  if (dir) fs.mkdirSync(dir, { recursive: true }); // PGlite does not create parents
  const release = dir ? lockDirectory(dir) : () => {}; // one process per directory
  const client = new PGlite(dir, { extensions: pgliteExtensions });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    pglite: client,
    close: () => client.close().finally(release),
  };
}

/** `applicationName` shows in pg_stat_activity (the standalone worker names itself apart from web nodes). */
export function openPostgres(url: string, max = 10, applicationName = "runledger"): DbHandle {
  const connect = () =>
    postgres(url, {
      max,
      onnotice: () => {},
      // a database that does not answer is reported (503) within seconds, not after the driver's 30 s
      connect_timeout: 5,
      connection: { application_name: applicationName },
    });
  const client = connect();
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  const handle: DbHandle = {
    db,
    driver: "postgres",
    pg: client,
    async recycle() {
      const fresh = connect();
      drizzlePostgres({ client: fresh, schema }); // sets drizzle's type parsers on the new client
      const old = handle.pg!;
      // drizzle's session sends every query and transaction through its `client`
      (db as unknown as { session: { client: postgres.Sql } }).session.client = fresh;
      handle.pg = fresh;
      await old.end({ timeout: 5 }).catch(() => {});
    },
    close: () => handle.pg!.end({ timeout: 5 }),
  };
  return handle;
}

const GLOBAL_KEY = Symbol.for("runledger.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: DbHandle };

/**
 * The process-wide database. Kept on globalThis because Next.js may load this
 * module in several bundles of one process, and a PGlite data directory must be
 * opened exactly once. Opened lazily: nothing touches the database at build time. `role` sizes the
 * PostgreSQL pool (poolSize) and names the connections; the first call decides.
 */
export function getDb(role: "web" | "worker" = "web"): DbHandle {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) {
    const e = env();
    g[GLOBAL_KEY] = e.DATABASE_URL
      ? openPostgres(e.DATABASE_URL, poolSize(e, role), role === "worker" ? "runledger-worker" : "runledger")
      : openPglite(e.pgliteDir);
  }
  return g[GLOBAL_KEY];
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const handle = g[GLOBAL_KEY];
  g[GLOBAL_KEY] = undefined;
  await handle?.close();
}

/**
 * Rows of a statement the engine runs for every step, as a named prepared statement on postgres.js:
 * parsed and planned once per connection (PostgreSQL then keeps a generic plan when it is no worse)
 * instead of on every call. Drizzle sends its statements unnamed, and planning the hot path's CTEs
 * cost more server time than running them (~1.6 ms a step at 4 in flight). On PGlite, as rows().
 */
export async function preparedRows<T extends Record<string, unknown>>(
  q: Queryable,
  statement: SQL,
): Promise<T[]> {
  const client = postgresJsClient(q);
  if (!client) return rows<T>(q, statement);
  const { sql: text, params } = (q as unknown as { dialect: PgDialect }).dialect.sqlToQuery(statement);
  return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
    prepare: true,
  })) as unknown as T[];
}

/**
 * Runs a drizzle query as a named prepared statement on postgres.js: parsed and planned once per
 * connection, then PostgreSQL's generic plan, where drizzle sends its statements unnamed and PostgreSQL
 * plans each one at every call (bench:api, one run created through the API: 14–18 ms of PostgreSQL CPU
 * with unnamed statements, 9–11 ms prepared). For the fixed-shape statements every write runs (run start,
 * transitions, audit, the run document): each distinct text stays prepared on its connection for the
 * connection's life, so not for a statement whose text grows with its input (an IN list, a filter
 * builder). The query starts at once, not when awaited. PGlite runs it as any other.
 */
export function prepared<T>(query: { prepare(name: string): { execute(): Promise<T> } }): Promise<T> {
  return query.prepare("runledger").execute();
}

/**
 * The postgres.js client (or transaction) under a drizzle database or transaction, null on PGlite: the
 * driver that prepares named statements and pipelines a connection's statements.
 */
export function postgresJsClient(q: Queryable): postgres.Sql | postgres.TransactionSql | null {
  const client = (q as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return typeof client?.unsafe === "function" ? (client as postgres.Sql) : null;
}

/** Rows of a raw statement, whichever driver ran it (PGlite returns {rows}, postgres.js an array). */
export async function rows<T extends Record<string, unknown>>(q: Queryable, statement: SQL): Promise<T[]> {
  const result: unknown = await q.execute(statement);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
