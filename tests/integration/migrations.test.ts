import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Queryable } from "@/db/client";
import { loadMigrations, migrateDown, migrateUp, migrationState } from "@/db/migrate";
import { describeDrivers, pgError, query } from "../helpers/db";
import { tenantTables } from "../helpers/factories";

const ALL = [
  "0000_init",
  "0001_tenancy",
  "0002_views",
  "0003_hardening",
  "0004_public_ids",
  "0005_retention_opt_in",
  "0006_session_version",
  "0007_history_keyset",
  "0008_analytics_rollups",
  "0009_history_text_search",
  "0010_honest_durations",
  "0011_rerun_links",
  "0012_failed_at_index",
  "0013_search_cap",
  "0014_claim_index",
  "0015_carried_steps",
  "0016_period_rollups",
  "0017_packed_histograms",
  "0018_failure_group_index",
  "0019_search_recency",
  "0020_search_scopes",
  "0021_inline_duration_bin",
  "0022_search_lowercase_copy",
];
/** The analytics rollup tables (0008; weeks and months 0016), each with a tenant and a worker policy. */
const ROLLUP_TABLES = tenantTables.filter((t) => t.startsWith("analytics_"));
const LATEST = ALL[ALL.length - 1];
const VIEWS = [
  "v_active_workflow_configs",
  "v_failed_steps_analysis",
  "v_node_execution_stats",
  "v_workflow_channel_performance",
  "v_workflow_execution_summary",
  "v_workflow_execution_timeline",
  "workflow_steps",
  "workflow_trace",
];

/** Everything the migrations own in the public schema, in a comparable form. */
async function catalog(db: Queryable) {
  const relations = await query<{
    name: string;
    kind: string;
    options: string | null;
    rls: boolean;
    force: boolean;
  }>(
    db,
    sql`select c.relname as name, c.relkind::text as kind, array_to_string(c.reloptions, ',') as options,
               c.relrowsecurity as rls, c.relforcerowsecurity as force
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' order by c.relname`,
  );
  const functions = await query<{ name: string }>(
    db,
    sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' order by 1`,
  );
  const policies = await query<{ tablename: string; policyname: string; cmd: string; roles: string }>(
    db,
    sql`select tablename, policyname, cmd, array_to_string(roles, ',') as roles
        from pg_policies where schemaname = 'public' order by 1, 2`,
  );
  const indexes = await query<{ indexdef: string }>(
    db,
    sql`select indexdef from pg_indexes where schemaname = 'public' order by indexname`,
  );
  const constraints = await query<{ def: string }>(
    db,
    sql`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(c.oid) as def
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'public' order by 1`,
  );
  const grants = await query<{ grant: string }>(
    db,
    sql`select grantee || ' ' || privilege_type || ' ' || table_name as grant
        from information_schema.role_table_grants
        where table_schema = 'public' and grantee like 'runledger_%' order by 1`,
  );
  return { relations, functions, policies, indexes, constraints, grants };
}

describeDrivers("migrations", (ctx) => {
  let before: Awaited<ReturnType<typeof catalog>>;

  it("leaves nothing pending after setup", async () => {
    const { db } = ctx();
    expect(loadMigrations().map((m) => m.tag)).toEqual(ALL);
    expect(await migrationState(db)).toEqual({
      applied: ALL,
      pending: [],
      modified: [],
      latest: LATEST,
    });
    before = await catalog(db);
    const tables = before.relations.filter((r) => r.kind === "r").map((r) => r.name);
    expect(tables).toEqual([...tenantTables, "public_id_keys", "runledger_migrations"].sort());
    expect(before.relations.filter((r) => r.kind === "v").map((r) => r.name)).toEqual(VIEWS);
    expect(before.functions.map((f) => f.name)).toEqual([
      "analytics_compact_period_rollups",
      "analytics_compact_rollups",
      "analytics_duration_bin",
      "analytics_duration_rollups_to_periods",
      "analytics_emit_run",
      "analytics_emit_step",
      "analytics_failure_rollups_to_periods",
      "analytics_normalize_error",
      "analytics_pack_duration_rollups",
      "analytics_period_start",
      "analytics_recount_failures",
      "analytics_run_changed",
      "analytics_run_rollups_to_periods",
      "analytics_step_changed",
      "analytics_step_rollups_to_periods",
      "analytics_tier_rollups_to_periods",
      "app_current_org_id",
      "next_public_id",
      "public_id_encode",
      "public_id_permute",
    ]);
    expect(ROLLUP_TABLES).toHaveLength(10); // five daily (0008), five of weeks and months (0016)
    expect(before.policies.length).toBe(tenantTables.length + 9 + ROLLUP_TABLES.length);
  });

  it("rolls back one migration at a time: the later ones (rollups included), then only the hardening, then only the views", async () => {
    const { db } = ctx();
    // everything after the hardening, newest first
    expect(await migrateDown(db, ALL.length - 4)).toEqual(ALL.slice(4).reverse());
    const withoutRollups = await catalog(db);
    expect(withoutRollups.relations.map((r) => r.name).filter((n) => n.startsWith("analytics_"))).toEqual([]);
    expect(withoutRollups.functions.map((f) => f.name).filter((n) => n.startsWith("analytics_"))).toEqual([]);
    expect(withoutRollups.policies).toEqual(
      before.policies.filter((p) => !ROLLUP_TABLES.includes(p.tablename as (typeof ROLLUP_TABLES)[number])),
    );
    const sixDigits = await query<{ d: string }>(
      db,
      sql`select column_default as d from information_schema.columns where table_name = 'workflow_runs' and column_name = 'public_id'`,
    );
    expect(sixDigits[0]!.d).toContain("lpad(");
    expect(await migrateDown(db, 1)).toEqual(["0003_hardening"]);
    expect((await migrationState(db)).pending).toEqual(ALL.slice(3));
    expect(await migrateDown(db, 1)).toEqual(["0002_views"]);
    const partial = await catalog(db);
    expect(partial.relations.filter((r) => r.kind === "v")).toEqual([]);
    expect(partial.policies).toEqual(withoutRollups.policies);
    expect((await migrationState(db)).pending).toEqual(ALL.slice(2));
    expect(await migrateUp(db)).toEqual(ALL.slice(2));
    expect(await catalog(db)).toEqual(before);
  });

  it("migrateDown(all) leaves no application tables, views, sequences, functions or policies", async () => {
    const { db } = ctx();
    expect(await migrateDown(db, Number.POSITIVE_INFINITY)).toEqual([...ALL].reverse());
    const after = await catalog(db);
    // only the bookkeeping table (and its primary key) survive
    expect(after.relations.map((r) => `${r.kind}:${r.name}`)).toEqual([
      "r:runledger_migrations",
      "i:runledger_migrations_pkey",
    ]);
    expect(after.functions).toEqual([]);
    expect(after.policies).toEqual([]);
    expect(after.grants).toEqual([]);
    const infoTables = await query<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(infoTables.map((t) => t.table_name)).toEqual(["runledger_migrations"]);
    const routines = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from information_schema.routines where routine_schema = 'public'`,
    );
    expect(routines[0]!.n).toBe(0);
    expect(await migrationState(db)).toEqual({
      applied: [],
      pending: ALL,
      modified: [],
      latest: LATEST,
    });
    // a second full rollback has nothing to do
    expect(await migrateDown(db, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it("migrateUp restores exactly the same schema", async () => {
    const { db } = ctx();
    expect(await migrateUp(db)).toEqual(ALL);
    expect(await catalog(db)).toEqual(before);
    expect(await migrationState(db)).toEqual({
      applied: ALL,
      pending: [],
      modified: [],
      latest: LATEST,
    });
  });

  it("a second migrateUp is a no-op", async () => {
    const { db } = ctx();
    const appliedAt = await query<{ tag: string; at: string }>(
      db,
      sql`select tag, applied_at::text as at from runledger_migrations order by tag`,
    );
    expect(await migrateUp(db)).toEqual([]);
    expect(await catalog(db)).toEqual(before);
    expect(
      await query<{ tag: string; at: string }>(
        db,
        sql`select tag, applied_at::text as at from runledger_migrations order by tag`,
      ),
    ).toEqual(appliedAt);
  });

  // Several processes (web nodes, workers) may boot at once against a never-migrated database.
  // Each migration is applied under an advisory lock; the bookkeeping table must be created under it too.
  it("concurrent migrateUp calls on a never-migrated database apply each migration exactly once", async () => {
    const { db, driver } = ctx();
    const callers = 4;
    // PGlite has one connection, so only PostgreSQL can race; give the race a few chances there
    for (let round = 0; round < (driver === "postgres" ? 3 : 1); round++) {
      await migrateDown(db, Number.POSITIVE_INFINITY);
      await db.execute(sql`drop table runledger_migrations`);
      // open one pooled connection per caller first, so that all of them start at the same moment
      await Promise.all(Array.from({ length: callers }, () => db.execute(sql`select pg_sleep(0.05)`)));
      const results = await Promise.allSettled(Array.from({ length: callers }, () => migrateUp(db)));
      const failures = results.flatMap((r) => (r.status === "rejected" ? [pgError(r.reason)?.message] : []));
      expect(failures.join("\n"), `round ${round}`).toBe("");
      const applied = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
      expect(applied.sort()).toEqual(ALL);
      expect(await catalog(db)).toEqual(before);
    }
  });

  it("reports a migration whose file changed after it ran", async () => {
    const { db } = ctx();
    const edited = loadMigrations().map((m) => (m.tag === "0001_tenancy" ? { ...m, hash: "changed" } : m));
    expect((await migrationState(db, edited)).modified).toEqual(["0001_tenancy"]);
  });
});
