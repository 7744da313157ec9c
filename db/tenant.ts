import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { type Database, postgresJsClient, preparedRows, type Queryable, type Tx } from "./client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TenantError extends Error {}

/**
 * A transaction whose first statement sets its role (and organization) transaction-locally. On
 * postgres.js the caller's first statement follows it on the wire without waiting for its answer (a
 * prepared statement pipelines; one round trip less on every transaction, the engine's included): the
 * connection runs them in order, so nothing runs before the settings, and if they fail the error
 * reported is theirs. PGlite runs one statement at a time: there the settings are awaited first.
 */
function settled<T>(db: Database, settings: SQL, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const setting = preparedRows(tx, settings);
    if (!postgresJsClient(tx)) {
      await setting;
      return fn(tx);
    }
    setting.catch(() => {}); // awaited below, after the caller's statements that queued behind it
    try {
      const result = await fn(tx);
      await setting;
      return result;
    } catch (error) {
      await setting; // the settings' own failure is the cause of everything after it
      throw error;
    }
  });
}

/** The settings of a tenant transaction (role, organization) and of the worker's cross-tenant ones. */
const tenantSettings = (orgId: string) =>
  sql`select set_config('role', 'runledger_app', true), set_config('app.current_org_id', ${orgId}, true)`;
const WORKER_SETTINGS = sql`select set_config('role', 'runledger_worker', true)`;

/**
 * The only way request code touches tenant data: one transaction, the
 * non-owner application role (so row-level security applies even when the
 * connection is a superuser), and the organization set transaction-locally so
 * it can never leak to the next user of a pooled connection. Policies compare
 * against app_current_org_id(), which is NULL when unset: no rows, fail closed.
 */
export async function withTenant<T>(db: Database, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(orgId)) throw new TenantError("withTenant needs an organization id");
  return settled(db, tenantSettings(orgId), fn);
}

/** The scheduler's cross-tenant claim and reap statements, and the webhook relay. */
export async function asWorker<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return settled(db, WORKER_SETTINGS, fn);
}

/** Login and Bearer-token lookup, which happen before the organization is known. */
export async function asAuth<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return settled(db, sql`select set_config('role', 'runledger_auth', true)`, fn);
}

// ── the engine's pipelined transactions ─────────────────────────────────────────────────────────

/** A transaction driven statement by statement, whose last statement carries the COMMIT (see pipelined). */
export type Pipe = {
  /** A statement of the transaction: on postgres.js sent at once, behind the statements in flight. */
  rows<T extends Record<string, unknown>>(statement: SQL): Promise<T[]>;
  /**
   * The transaction's last statement. On a pipelined transaction COMMIT follows it on the same write:
   * if the statement fails, the COMMIT rolls everything back, so a statement that must not commit on
   * some outcome checks it itself (runledger_assert) rather than leave it to the caller.
   */
  last<T extends Record<string, unknown>>(statement: SQL): Promise<T[]>;
  /** Builds statements with drizzle's query builders, to send with rows or last (it runs nothing itself). */
  readonly builder: Queryable;
};

/** A Pipe over a transaction its caller commits (last is an ordinary statement). */
export function pipeOf(tx: Tx): Pipe {
  return { rows: (s) => preparedRows(tx, s), last: (s) => preparedRows(tx, s), builder: tx };
}

/**
 * A transaction for the engine's hot path. On postgres.js, on one reserved connection, nothing waits
 * for an answer it does not need: BEGIN, the role settings and the first statement go out on one
 * write, and the last statement and COMMIT on another, so a claim is one round trip and a completion
 * two (instead of four: BEGIN, settings and statement, statement, COMMIT). Each statement is a named
 * prepared one, as in preparedRows. On PGlite (one connection, in process) an ordinary transaction.
 */
async function pipelined<T>(db: Database, settings: SQL, fn: (pipe: Pipe) => Promise<T>): Promise<T> {
  const client = postgresJsClient(db) as postgres.Sql | null;
  if (!client) {
    return db.transaction(async (tx) => {
      await preparedRows(tx, settings);
      return fn(pipeOf(tx));
    });
  }
  const dialect = (db as unknown as { dialect: PgDialect }).dialect;
  const conn = await client.reserve();
  // A reserved connection that closes rejects the statements it had sent, but one sent after it closed
  // never settles (and trips the driver's nextWrite fault). Like postgres.js's own begin(), the
  // transaction listens for the close (on the connection its BEGIN reaches) and sends nothing after it.
  let connection: DriverConnection | null = null;
  let dead: unknown = null;
  let died: (error: unknown) => void = () => {};
  const closed = new Promise<never>((_, reject) => {
    died = reject;
  });
  closed.catch(() => {}); // raced below
  const onexecute = (c: DriverConnection) => {
    connection = c;
    c.onclose = (error) => {
      dead = error ?? new Error("connection closed");
      died(dead);
    };
    return true; // the connection may take the next statement at once (pipelining)
  };
  const send = <R>(statement: SQL) => {
    if (dead) return Promise.reject(dead);
    const { sql: text, params } = dialect.sqlToQuery(statement);
    return conn.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    }) as unknown as Promise<R[]>;
  };
  const control = (statement: "commit" | "rollback") =>
    dead ? Promise.reject(dead) : (conn.unsafe(statement) as unknown as Promise<unknown>);
  let ended = false; // a COMMIT went out: the server committed, or rolled back behind a failed statement
  const opened = Promise.all([
    conn.unsafe("begin", [], { onexecute } as postgres.UnsafeQueryOptions),
    send(settings),
  ]);
  opened.catch(() => {}); // awaited below
  const pipe: Pipe = {
    rows: (statement) => send(statement),
    async last(statement) {
      const [result, commit] = await Promise.allSettled([send(statement), control("commit")]);
      ended = true;
      if (result.status === "rejected") throw result.reason;
      if (commit.status === "rejected") throw commit.reason;
      return result.value as never;
    },
    builder: db,
  };
  try {
    const result = await Promise.race([fn(pipe), closed]);
    await Promise.race([opened, closed]);
    if (!ended) {
      ended = true;
      await Promise.race([control("commit"), closed]);
    }
    return result;
  } catch (error) {
    // the settings' own failure is the cause of everything after it
    const cause =
      (await Promise.race([opened, closed]).then(
        () => null,
        (e: unknown) => e,
      )) ?? error;
    if (!ended && !dead) await Promise.race([control("rollback"), closed]).catch(() => {});
    throw cause;
  } finally {
    // a closed connection is already among the pool's closed ones (it reconnects from there on demand):
    // released, it would be listed as open and handed out dead
    const c = connection as DriverConnection | null;
    if (c) c.onclose = null;
    if (!dead) conn.release();
  }
}

/** The driver's connection, as a query's onexecute option receives it (postgres.js does not type it). */
type DriverConnection = { onclose: ((error?: unknown) => void) | null };

/** withTenant for the engine's hot path (pipelined). */
export function withTenantPipe<T>(db: Database, orgId: string, fn: (pipe: Pipe) => Promise<T>): Promise<T> {
  if (!UUID.test(orgId)) throw new TenantError("withTenant needs an organization id");
  return pipelined(db, tenantSettings(orgId), fn);
}

/** asWorker for the engine's hot path (pipelined). */
export function asWorkerPipe<T>(db: Database, fn: (pipe: Pipe) => Promise<T>): Promise<T> {
  return pipelined(db, WORKER_SETTINGS, fn);
}
