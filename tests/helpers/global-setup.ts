import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import type { Database } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import { pgliteExtensions } from "@/db/pglite-extensions";
import * as schema from "@/db/schema";
import { CLONE_PREFIX, databaseUrl, TEMPLATE_PREFIX } from "./pg-names";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory (uncompressed tar) that every test file loads. */
    pgliteDumpPath: string;
    /** The migrated PostgreSQL template database, or "" when TEST_DATABASE_URL is unset. */
    pgTemplate: string;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function dropDatabases(admin: postgres.Sql, names: string[]) {
  for (const name of names) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Databases of this run (or of dead runs on this host) that are safe to drop. */
async function ownedDatabases(admin: postgres.Sql, runPid: number | null): Promise<string[]> {
  const found = await admin<{ datname: string }[]>`
    select datname from pg_database
    where datname like ${`${TEMPLATE_PREFIX}%`} or datname like ${`${CLONE_PREFIX}%`}`;
  return found
    .map((r) => r.datname)
    .filter((name) => {
      const pid = Number(/^rl_(?:template|t)_(\d+)/.exec(name)?.[1] ?? Number.NaN);
      if (!Number.isInteger(pid)) return false;
      return runPid === null ? !pidAlive(pid) : pid === runPid;
    });
}

async function preparePglite(): Promise<string> {
  const client = new PGlite({ extensions: pgliteExtensions });
  try {
    await migrateUp(drizzlePglite({ client, schema }) as unknown as Database);
    const dump = await client.dumpDataDir("none");
    const file = path.join(os.tmpdir(), `rl-pglite-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await client.close();
  }
}

async function preparePostgres(url: string): Promise<{ template: string; admin: postgres.Sql }> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await dropDatabases(admin, await ownedDatabases(admin, null)); // crashed earlier runs
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  await dropDatabases(admin, [template]);
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const client = postgres(databaseUrl(url, template), { max: 1, onnotice: () => {} });
  try {
    await migrateUp(drizzlePostgres({ client, schema }) as unknown as Database);
  } finally {
    await client.end({ timeout: 5 });
  }
  return { template, admin };
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  const [dumpPath, pg] = await Promise.all([preparePglite(), url ? preparePostgres(url) : null]);
  project.provide("pgliteDumpPath", dumpPath);
  project.provide("pgTemplate", pg?.template ?? "");

  return async () => {
    fs.rmSync(dumpPath, { force: true });
    if (pg) {
      try {
        await dropDatabases(pg.admin, await ownedDatabases(pg.admin, process.pid));
      } finally {
        await pg.admin.end({ timeout: 5 });
      }
    }
  };
}
