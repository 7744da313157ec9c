import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Database, postgresJsClient, preparedRows, type Tx } from "./client";

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

/**
 * The only way request code touches tenant data: one transaction, the
 * non-owner application role (so row-level security applies even when the
 * connection is a superuser), and the organization set transaction-locally so
 * it can never leak to the next user of a pooled connection. Policies compare
 * against app_current_org_id(), which is NULL when unset: no rows, fail closed.
 */
export async function withTenant<T>(db: Database, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(orgId)) throw new TenantError("withTenant needs an organization id");
  return settled(
    db,
    sql`select set_config('role', 'runledger_app', true), set_config('app.current_org_id', ${orgId}, true)`,
    fn,
  );
}

/** The scheduler's cross-tenant claim and reap statements, and the webhook relay. */
export async function asWorker<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return settled(db, sql`select set_config('role', 'runledger_worker', true)`, fn);
}

/** Login and Bearer-token lookup, which happen before the organization is known. */
export async function asAuth<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return settled(db, sql`select set_config('role', 'runledger_auth', true)`, fn);
}
