import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Tx } from "./client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TenantError extends Error {}

/**
 * The only way request code touches tenant data: one transaction, the
 * non-owner application role (so row-level security applies even when the
 * connection is a superuser), and the organization set transaction-locally so
 * it can never leak to the next user of a pooled connection. Policies compare
 * against app_current_org_id(), which is NULL when unset: no rows, fail closed.
 */
export async function withTenant<T>(db: Database, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(orgId)) throw new TenantError("withTenant needs an organization id");
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'runledger_app', true), set_config('app.current_org_id', ${orgId}, true)`,
    );
    return fn(tx);
  });
}

/** The scheduler's cross-tenant claim and reap statements, and the webhook relay. */
export async function asWorker<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'runledger_worker', true)`);
    return fn(tx);
  });
}

/** Login and Bearer-token lookup, which happen before the organization is known. */
export async function asAuth<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'runledger_auth', true)`);
    return fn(tx);
  });
}
