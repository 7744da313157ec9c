// Issue 9: the analytics read failed steps by the moment they failed through an index, as the
// application role inside its tenant. Under row-level security PostgreSQL lets a condition seek an
// index only when it cannot leak a value, and COALESCE is not among those expressions: written as
// coalesce(completed_at, updated_at), the time bound was a filter over every failed step of the
// organization (230–700 ms at 80,000 of them in bench:scale). EXPLAIN here, after ANALYZE, is the plan
// production gets, RLS included; a regression to a filter turns it red.
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { failedAt, failedStepsOfGroup, failureGroupRuns, histogramSource } from "@/db/queries/analytics";
import { compactAnalyticsRollups } from "@/db/queries/rollups";
import { withTenant } from "@/db/tenant";
import { describeDrivers, planAsApp, query } from "../helpers/db";
import { makeTenant, type Tenant } from "../helpers/engine";

describeDrivers("analytics: failed steps by time are an index range as the application role", (ctx) => {
  let tenant: Tenant;

  beforeAll(async () => {
    const { db } = ctx();
    tenant = await makeTenant(db);
    const other = await makeTenant(db);
    // 4,000 runs a tenant over 40 days, each with a failed and a completed step
    for (const t of [tenant, other]) {
      await withTenant(db, t.orgId, async (tx) => {
        await tx.execute(sql`
          insert into workflow_runs (org_id, status, channel, created_at)
          select ${t.orgId}::uuid, 'failed', 'web', timestamptz '2030-01-01T00:00:00Z' + i * interval '15 minutes'
          from generate_series(1, 4000) as i`);
        await tx.execute(sql`
          insert into workflow_run_steps (org_id, run_id, step_number, step_name, step_type, status, error_message,
                                          completed_at, updated_at)
          select r.org_id, r.id, n, 'Step ' || n, 'todo', case n when 1 then 'completed' else 'failed' end,
                 case n when 1 then null else 'boom' end,
                 case when n = 2 and extract(minute from r.created_at) = 0 then null else r.created_at end,
                 r.created_at + interval '1 minute'
          from workflow_runs r cross join generate_series(1, 2) as n where r.org_id = ${t.orgId}`);
      });
    }
    await db.execute(sql`analyze workflow_runs`);
    await db.execute(sql`analyze workflow_run_steps`);
  }, 120_000);

  const plan = (statement: SQL) => planAsApp(ctx().db, tenant.orgId, statement);

  const inHour = (alias: string) =>
    sql`${sql.raw(alias)}.org_id = ${tenant.orgId} and ${sql.raw(alias)}.status in ('failed', 'timeout')
        and ${failedAt(alias)} >= '2030-01-20T10:00:00Z'::timestamptz and ${failedAt(alias)} < '2030-01-20T11:00:00Z'::timestamptz`;

  it("a partial day's failed steps: the time bound is in the index condition", async () => {
    const text = await plan(
      sql`select s.step_type, s.error_message from workflow_run_steps s where ${inHour("s")}`,
    );
    expect(text).toMatch(/(Bitmap Index Scan on|Index Scan using) workflow_run_steps_failed_at_idx/);
    expect(text).toMatch(
      /Index Cond: .*org_id = .*CASE WHEN \(?completed_at IS NOT NULL\)? THEN completed_at/,
    );
    expect(text).not.toMatch(/Seq Scan on workflow_run_steps/);
  });

  it("a failure group's steps: a walk of its step's failed steps by time, newest first (0018)", async () => {
    const month = { from: new Date("2030-01-01T00:00:00Z"), to: new Date("2030-02-01T00:00:00Z") };
    const group = { step_type: "todo", step_name: "Step 2" };
    const text = await plan(failedStepsOfGroup(tenant.orgId, group, "0".repeat(32), month, 501));
    expect(text).toMatch(/Index Scan (Backward )?using workflow_run_steps_failed_step_idx/);
    expect(text).toMatch(/Index Cond: .*step_type = 'todo'.*step_name = 'Step 2'.*CASE WHEN/);
    expect(text).not.toMatch(/Seq Scan on workflow_run_steps|workflow_run_steps_type_status_idx/);
  });

  it("a failure group's page cut inside failures of one instant keeps the run-id order (ties)", async () => {
    const { db } = ctx();
    const day = { from: new Date("2031-06-01T00:00:00Z"), to: new Date("2031-06-02T00:00:00Z") };
    const publicIds = await withTenant(db, tenant.orgId, async (tx) => {
      const runs = await query<{ id: string; public_id: string }>(
        tx,
        sql`insert into workflow_runs (org_id, status, channel, created_at)
            select ${tenant.orgId}::uuid, 'failed', 'web', timestamptz '2031-06-01T08:00:00Z'
            from generate_series(1, 5) returning id, public_id`,
      );
      await tx.execute(sql`
        insert into workflow_run_steps (org_id, run_id, step_number, step_name, step_type, status, error_message,
                                        completed_at, updated_at)
        select ${tenant.orgId}::uuid, r.id, 1, 'Tie', 'todo', 'failed', 'tie', timestamptz '2031-06-01T09:00:00Z',
               timestamptz '2031-06-01T09:00:00Z'
        from workflow_runs r
        where r.org_id = ${tenant.orgId} and r.created_at = timestamptz '2031-06-01T08:00:00Z'`);
      return runs.map((r) => r.public_id).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    });
    const [{ key } = { key: "" }] = await query<{ key: string }>(
      db,
      sql`select md5('todo' || chr(31) || 'Tie' || chr(31) || 'tie') as key`,
    );
    for (const limit of [1, 2, 4, 5]) {
      const page = await withTenant(db, tenant.orgId, (tx) =>
        failureGroupRuns(tx, tenant.orgId, key, day, limit),
      );
      expect(page.runs.map((r) => r.publicId)).toEqual(publicIds.slice(0, limit));
      expect(page.truncated).toBe(limit < 5);
    }
  });

  it("finds the failed steps of the hour, with completed_at or only updated_at, of this tenant only", async () => {
    const { db } = ctx();
    const found = await withTenant(db, tenant.orgId, (tx) =>
      query<{ n: number }>(tx, sql`select count(*)::int as n from workflow_run_steps s where ${inHour("s")}`),
    );
    // runs every 15 minutes: 10:00 (no completed_at, failed at its updated_at 10:01), 10:15, 10:30, 10:45
    expect(found[0]!.n).toBe(4);
  });
});

describeDrivers("analytics: whole weeks and months read the period rollups (0016)", (ctx) => {
  let tenant: Tenant;

  beforeAll(async () => {
    const { db } = ctx();
    tenant = await makeTenant(db);
    const other = await makeTenant(db);
    // a year of folded day rows (100 bins a day) and their weeks and months, for two tenants
    for (const t of [tenant, other]) {
      await withTenant(db, t.orgId, async (tx) => {
        await tx.execute(sql`
          insert into analytics_duration_rollups (org_id, day, kind, dim, bin, n, folded)
          select ${t.orgId}::uuid, date '2030-01-01' + d, 'run', 'web', b * 10, 1, true
          from generate_series(0, 364) as d cross join generate_series(1, 100) as b`);
      });
    }
    // as the worker keeps them: the copies folded into one row per period and bin
    await compactAnalyticsRollups(db);
    await db.execute(sql`analyze analytics_duration_rollups`);
    await db.execute(sql`analyze analytics_duration_period_rollups`);
  }, 120_000);

  const year = { from: new Date("2030-01-01T00:00:00Z"), to: new Date("2031-01-01T00:00:00Z") };

  it("a year's totals read months, and of the day rows only the deltas", async () => {
    const { db } = ctx();
    const text = await planAsApp(
      db,
      tenant.orgId,
      sql`select * from ${histogramSource("run", tenant.orgId, year)} f`,
    );
    // twelve months of period rows (the planner may scan that small table whole), and of the day
    // table only the unfolded deltas, through their partial index: never 365 days of day rows
    expect(text).toMatch(/analytics_duration_period_rollups/);
    expect(text).toMatch(/period = 'month'/);
    expect(text).not.toMatch(/period = 'week'/);
    expect(text).toMatch(/Index Scan using analytics_duration_rollups_deltas_idx/);
    expect(text).not.toMatch(
      /analytics_duration_rollups_org_day_idx|Seq Scan on analytics_duration_rollups /,
    );
  });

  it("a weekly series reads weeks, and the copies add up to the day rows", async () => {
    const { db } = ctx();
    const text = await planAsApp(
      db,
      tenant.orgId,
      sql`select * from ${histogramSource("run", tenant.orgId, year, "week")} f`,
    );
    // whole weeks from the period rows; day rows only for the days before the first Monday and
    // after the last whole week, each an index range of a few days
    expect(text).toMatch(/period = 'week'/);
    expect(text).not.toMatch(/Seq Scan on analytics_duration_rollups /);
    expect(text).toMatch(/day >= '2030-01-01'::date\) AND \(day < '2030-01-07'::date\)/);
    expect(text).toMatch(/day >= '2030-12-30'::date\) AND \(day < '2031-01-01'::date\)/);
    // every count, whether in a one-bin row (n) or a packed one (ns, 0017)
    const counted = sql`sum(coalesce(n, 0) + coalesce((select sum(v) from unnest(ns) v), 0))::int`;
    const [sums] = await withTenant(db, tenant.orgId, (tx) =>
      query<{ days: number; weeks: number; months: number }>(
        tx,
        sql`select (select ${counted} from analytics_duration_rollups) as days,
                   (select ${counted} from analytics_duration_period_rollups where period = 'week') as weeks,
                   (select ${counted} from analytics_duration_period_rollups where period = 'month') as months`,
      ),
    );
    expect(sums).toEqual({ days: 365 * 100, weeks: 365 * 100, months: 365 * 100 });
  });

  it("compaction packs each day's, week's and month's bins into one row (0017)", async () => {
    const { db } = ctx();
    const shapes = await withTenant(db, tenant.orgId, (tx) =>
      query<{ grain: string; rows: number; keys: number; one_bin: number; bins: number }>(
        tx,
        sql`select 'day' as grain, count(*)::int as rows, count(distinct day)::int as keys,
                   count(*) filter (where bins is null)::int as one_bin, max(cardinality(bins))::int as bins
            from analytics_duration_rollups
            union all
            select period, count(*)::int, count(distinct start)::int,
                   count(*) filter (where bins is null or not folded)::int, max(cardinality(bins))::int
            from analytics_duration_period_rollups group by period order by 1`,
      ),
    );
    // 2030 has 365 days, starts on a Tuesday (53 ISO weeks touch it) and has 12 months; 100 bins in each
    expect(shapes).toEqual([
      { grain: "day", rows: 365, keys: 365, one_bin: 0, bins: 100 },
      { grain: "month", rows: 12, keys: 12, one_bin: 0, bins: 100 },
      { grain: "week", rows: 53, keys: 53, one_bin: 0, bins: 100 },
    ]);
    // the bins of a packed row ascend, and its counts are the days' sums
    const [week] = await withTenant(db, tenant.orgId, (tx) =>
      query<{ bins: string; ns: string }>(
        tx,
        sql`select bins::text as bins, ns::text as ns from analytics_duration_period_rollups
            where period = 'week' and start = '2030-01-07'`,
      ),
    );
    expect(week).toEqual({
      bins: `{${Array.from({ length: 100 }, (_, i) => (i + 1) * 10).join(",")}}`,
      ns: `{${Array(100).fill(7).join(",")}}`,
    });
  });
});
