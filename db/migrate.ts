import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Database, rows } from "./client";

/**
 * Applies drizzle-kit's migrations (db/migrations, listed in meta/_journal.json)
 * and reverses them with the down scripts in db/migrations/down. drizzle-kit
 * generates forward SQL only; every migration here also has a down script,
 * like the reversible migrations of seed 003.
 */

const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");
const LOCK_KEY = 727_311_001; // pg_advisory_xact_lock key shared by every migrating process

export type Migration = { tag: string; hash: string; up: string[]; down: string[] };
export type MigrationState = {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since they ran. */
  modified: string[];
  latest: string | null;
};

function splitStatements(text: string): string[] {
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, "").trim().length > 0);
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const upText = fs.readFileSync(path.join(dir, `${tag}.sql`), "utf8");
      const downPath = path.join(dir, "down", `${tag}.sql`);
      if (!fs.existsSync(downPath)) throw new Error(`migration ${tag} has no down script at ${downPath}`);
      return {
        tag,
        hash: createHash("sha256").update(upText).digest("hex"),
        up: splitStatements(upText),
        down: splitStatements(fs.readFileSync(downPath, "utf8")),
      };
    });
}

/** Under the lock: concurrent first runs would otherwise race on CREATE TABLE IF NOT EXISTS. */
async function ensureTable(db: Database) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`create table if not exists runledger_migrations (
      tag text primary key,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
  });
}

async function appliedRows(db: Database) {
  return rows<{ tag: string; hash: string }>(
    db,
    sql`select tag, hash from runledger_migrations order by tag`,
  );
}

export async function migrationState(db: Database, migrations = loadMigrations()): Promise<MigrationState> {
  const exists = await rows<{ ok: boolean }>(
    db,
    sql`select to_regclass('runledger_migrations') is not null as ok`,
  );
  const applied = exists[0]?.ok ? await appliedRows(db) : [];
  const byTag = new Map(applied.map((r) => [r.tag, r.hash]));
  return {
    applied: applied.map((r) => r.tag),
    pending: migrations.filter((m) => !byTag.has(m.tag)).map((m) => m.tag),
    modified: migrations.filter((m) => byTag.has(m.tag) && byTag.get(m.tag) !== m.hash).map((m) => m.tag),
    latest: migrations.at(-1)?.tag ?? null,
  };
}

/** Applies every pending migration, each in its own transaction under an advisory lock. */
export async function migrateUp(db: Database, migrations = loadMigrations()): Promise<string[]> {
  await ensureTable(db);
  const done: string[] = [];
  for (const m of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
      const seen = await rows(tx, sql`select 1 from runledger_migrations where tag = ${m.tag}`);
      if (seen.length > 0) return false; // another process got here first
      for (const statement of m.up) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into runledger_migrations (tag, hash) values (${m.tag}, ${m.hash})`);
      return true;
    });
    if (applied) done.push(m.tag);
  }
  return done;
}

/** Reverses the last `steps` applied migrations (all of them when steps is Infinity). */
export async function migrateDown(db: Database, steps = 1, migrations = loadMigrations()): Promise<string[]> {
  await ensureTable(db);
  const byTag = new Map(migrations.map((m) => [m.tag, m]));
  const done: string[] = [];
  while (done.length < steps) {
    const reverted = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
      const [last] = await rows<{ tag: string }>(
        tx,
        sql`select tag from runledger_migrations order by tag desc limit 1`,
      );
      if (!last) return null;
      const m = byTag.get(last.tag);
      if (!m) throw new Error(`applied migration ${last.tag} has no file; cannot roll it back`);
      for (const statement of m.down) await tx.execute(sql.raw(statement));
      await tx.execute(sql`delete from runledger_migrations where tag = ${m.tag}`);
      return m.tag;
    });
    if (!reverted) break;
    done.push(reverted);
  }
  return done;
}
