import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject } from "vitest";
import { type Database, type DbHandle, type Driver, openPostgres, type Queryable, rows } from "@/db/client";
import { pgliteExtensions } from "@/db/pglite-extensions";
import * as schema from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { CLONE_PREFIX, databaseUrl } from "./pg-names";

export type { Driver };

/** PGlite always; PostgreSQL as well when TEST_DATABASE_URL is set. */
export const drivers: readonly Driver[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDb = {
  db: Database;
  driver: Driver;
  handle: DbHandle;
  /** PostgreSQL only: the URL of this file's private database (to open extra connections). */
  url?: string;
  close(): Promise<void>;
};

async function createPgliteDb(): Promise<TestDb> {
  const dump = fs.readFileSync(inject("pgliteDumpPath"));
  const client = new PGlite({ loadDataDir: new Blob([dump]), extensions: pgliteExtensions });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  const handle: DbHandle = { db, driver: "pglite", pglite: client, close: () => client.close() };
  return { db, driver: "pglite", handle, close: () => handle.close() };
}

async function createPostgresDb(): Promise<TestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = inject("pgTemplate");
  if (!adminUrl || !template) throw new Error("PostgreSQL tests need TEST_DATABASE_URL and the global setup");
  // rl_t_<pid of the vitest run>_<random>: the global teardown drops whatever a crash left behind
  const name = `${CLONE_PREFIX}${template.slice(template.lastIndexOf("_") + 1)}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = databaseUrl(adminUrl, name);
  const handle = openPostgres(url);
  return {
    db: handle.db,
    driver: "postgres",
    handle,
    url,
    async close() {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/** A freshly migrated database that belongs to the caller alone. */
export function createTestDb(driver: Driver): Promise<TestDb> {
  return driver === "pglite" ? createPgliteDb() : createPostgresDb();
}

/** Runs `fn` once per driver, each with its own database opened before and closed after the suite. */
export function describeDrivers(name: string, fn: (ctx: () => TestDb) => void): void {
  for (const driver of drivers) {
    describe(`${name} [${driver}]`, () => {
      let current: TestDb | undefined;
      beforeAll(async () => {
        current = await createTestDb(driver);
      });
      afterAll(async () => {
        await current?.close();
      });
      fn(() => {
        if (!current) throw new Error("test database is not open yet");
        return current;
      });
    });
  }
}

/** Raw rows (re-exported so tests need only this module for SQL). */
export function query<T extends Record<string, unknown>>(q: Queryable, statement: SQL): Promise<T[]> {
  return rows<T>(q, statement);
}

export type PgErrorInfo = { code: string; message: string; constraint?: string };

/** The PostgreSQL error under drizzle's DrizzleQueryError, whichever driver raised it. */
export function pgError(error: unknown): PgErrorInfo | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === "object" && current !== null && "code" in current) {
      const e = current as {
        code: unknown;
        message?: unknown;
        constraint?: unknown;
        constraint_name?: unknown;
      };
      if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) {
        const constraint = e.constraint_name ?? e.constraint;
        return {
          code: e.code,
          message: String(e.message ?? ""),
          ...(typeof constraint === "string" ? { constraint } : {}),
        };
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Awaits `promise`, which must fail with a PostgreSQL error; returns it for further checks. */
export async function expectPgError(
  promise: Promise<unknown>,
  expected: { code: string; constraint?: string; message?: RegExp },
): Promise<PgErrorInfo> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected the statement to fail").toBeDefined();
  const info = pgError(caught);
  expect(info, `not a PostgreSQL error: ${String(caught)}`).not.toBeNull();
  expect(info!.code).toBe(expected.code);
  if (expected.constraint) expect(info!.constraint).toBe(expected.constraint);
  if (expected.message) expect(info!.message).toMatch(expected.message);
  return info!;
}

/** Sets the role for the rest of the current transaction. */
export function setLocalRole(tx: Queryable, role: string) {
  return tx.execute(sql`select set_config('role', ${role}, true)`);
}

/**
 * EXPLAIN of a statement as the application role inside the tenant (withTenant): the plan production
 * gets, row-level security included. Returns the plan as text.
 */
export async function planAsApp(db: Database, orgId: string, statement: SQL | { getSQL(): SQL }) {
  const lines = await withTenant(db, orgId, async (tx) => {
    const [role] = await query<{ role: string }>(tx, sql`select current_user as role`);
    expect(role!.role).toBe("runledger_app");
    return query<{ "QUERY PLAN": string }>(tx, sql`explain ${statement}`);
  });
  return lines.map((l) => l["QUERY PLAN"]).join("\n");
}
