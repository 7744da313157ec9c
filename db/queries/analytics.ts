import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, rows } from "@/db/client";
import { Histogram, type HistogramStats, numbers } from "./histogram";

// Read models of the Analytics page (seed 002's analysis views, over a time range).
//
// Decisions:
// - Every function takes (tx, orgId, range) and runs inside the caller's withTenant transaction;
//   the org filter is repeated in SQL as defence in depth next to row-level security.
// - Runs are placed in the range by created_at; steps by their run's created_at; failed steps by the
//   moment they failed (v_failed_steps_analysis.failed_at), so the failure trend shows when things broke.
// - Charts read the rollups of migration 0008 (db/schema/analytics.ts), never a scan of the history:
//   the whole UTC days of the range come from the rollup rows (signed deltas the triggers on runs and
//   steps append in the same transaction, so figures are current at commit), and a range that starts
//   or ends inside a day reads that partial day from the day's rollup when no row of the day lies
//   outside the range (a range ending now), else from the raw rows through an index (at most two
//   partial days). Each chart keeps the definitions of the seed-002 views (success rate = completed /
//   finished, failure rate = failed or timed out / executed) and is proven equal to the old naive
//   query on random data (tests/integration/analytics-rollups.test.ts).
// - Percentiles and maxima come from a duration histogram whose bins keep two significant digits:
//   exact for durations below 100 ms or with at most two significant digits (100, 250, 3000 …),
//   otherwise within 5% of the exact value (rounding is monotone, so the order is kept).
// - Failure groups count distinct runs per day; a run failing twice in one group on two different
//   days counts once per day (a run fails once in practice: its failed step ends it).
// - Buckets are UTC days, ISO weeks (Monday) or months, as 'YYYY-MM-DD' text; timestamps leave as
//   ISO strings and every number is cast to int or float8, so both drivers return the same plain,
//   serializable values. Empty buckets are filled in here, so charts get a continuous axis.

export type BucketUnit = "day" | "week" | "month";
export type AnalyticsRange = {
  /** Inclusive lower bound. */
  from: Date;
  /** Exclusive upper bound. */
  to: Date;
  /** Time bucket of the series; chosen from the span when absent. */
  bucket?: BucketUnit;
};

const DAY_MS = 86_400_000;

/** Days up to ~6 weeks, weeks up to ~13 months, months beyond. */
export function bucketFor(range: Pick<AnalyticsRange, "from" | "to">): BucketUnit {
  const days = (range.to.getTime() - range.from.getTime()) / DAY_MS;
  if (days <= 45) return "day";
  if (days <= 400) return "week";
  return "month";
}

function unitOf(range: AnalyticsRange): BucketUnit {
  return range.bucket ?? bucketFor(range);
}

/** Start of the UTC bucket that contains `at` (date_trunc(unit, at, 'UTC')). */
export function bucketStart(at: Date, unit: BucketUnit): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (unit === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // back to Monday
  if (unit === "month") d.setUTCDate(1);
  return d;
}

/** Every bucket that overlaps [from, to), as 'YYYY-MM-DD'. */
export function bucketsOf(range: AnalyticsRange): string[] {
  const unit = unitOf(range);
  const out: string[] = [];
  const d = bucketStart(range.from, unit);
  // a guard against absurd ranges; the page caps custom ranges well below this
  for (let i = 0; d < range.to && i < 2000; i++) {
    out.push(d.toISOString().slice(0, 10));
    if (unit === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (unit === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

const iso = (d: Date) => d.toISOString();
const bucketSql = (unit: BucketUnit, column: SQL) =>
  sql`to_char(date_trunc(${unit}, ${column}, 'UTC') at time zone 'UTC', 'YYYY-MM-DD')`;
const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const FINISHED = sql.raw(`('completed', 'failed', 'cancelled', 'timeout')`);
const EXECUTED = sql.raw(`('completed', 'failed', 'timeout')`);
/**
 * A step of `s` that ran in its run: executed, and not carried over by a rerun from a later step (a
 * carried step ran in the original run and counts there only; the rollup triggers apply the same rule, 0015).
 */
const ranHere = sql`s.status in ${EXECUTED} and not s.events @> '[{"type": "step.carried"}]'::jsonb`;

/** Percentage with two decimals, or null without a denominator. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null;
}
const round = (n: number | null) => (n === null ? null : Math.round(n));

/**
 * Rollup reads are small, so plan them as small reads for the rest of the caller's transaction: no
 * parallel workers (starting them cost 2–4× what they saved in bench:scale, and a busy web node should
 * not fan one chart out over several backends) and no JIT (the never-taken raw branch of a partial day
 * is costed as a day of raw rows, which put statements over jit_above_cost: 50–70 ms of compiling for
 * a read of a few milliseconds).
 */
async function plainPlans(q: Queryable) {
  await q.execute(
    sql`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`,
  );
}

// -------------------------------------------------------------------------------------------------
// Where a range's figures come from: rollup rows for its whole UTC days, raw rows for the rest

type Parts = {
  /** Whole days [first, end) read from the rollups, or null when the range holds no whole day. */
  days: { first: string; end: string } | null;
  /** Instants [from, to) outside those days (at most two, each within one UTC day). */
  edges: [Date, Date][];
  /**
   * The coarsest rollup a statement may read the range's whole periods from (0016): months when it
   * groups by month or not by time at all, weeks when it groups by week, else days (a period row is
   * dated by its first day, so it can only land in a bucket that starts with it).
   */
  grain?: Grain;
};

type Grain = "day" | "week" | "month";

/** The same parts, read as coarsely as a statement grouped by `unit` (or by nothing) allows. */
const coarsest = (p: Parts, unit?: BucketUnit): Parts => ({
  ...p,
  grain: unit === "day" ? "day" : (unit ?? "month"),
});

const dayText = (d: Date) => iso(d).slice(0, 10);

/** The whole weeks or months [first, end) (their first days, 'YYYY-MM-DD') inside the days [first, end), or null. */
function wholePeriods(
  period: "week" | "month",
  days: { first: string; end: string },
): { first: string; end: string } | null {
  const first = new Date(`${days.first}T00:00:00Z`);
  const end = new Date(`${days.end}T00:00:00Z`);
  if (period === "week") {
    first.setUTCDate(first.getUTCDate() + ((8 - first.getUTCDay()) % 7)); // forward to a Monday
    end.setUTCDate(end.getUTCDate() - ((end.getUTCDay() + 6) % 7)); // back to a Monday
  } else {
    if (first.getUTCDate() !== 1) first.setUTCMonth(first.getUTCMonth() + 1, 1); // forward to a 1st
    end.setUTCDate(1); // back to a 1st
  }
  return first < end ? { first: dayText(first), end: dayText(end) } : null;
}

function partsOf(range: Pick<AnalyticsRange, "from" | "to">): Parts {
  const ceilDay = new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS);
  const floorDay = new Date(Math.floor(range.to.getTime() / DAY_MS) * DAY_MS);
  // inside one day
  if (ceilDay > floorDay) return { days: null, edges: range.from < range.to ? [[range.from, range.to]] : [] };
  // each edge lies within one day (a range across one midnight has two edges and no whole day)
  const edges: [Date, Date][] = [];
  if (range.from < ceilDay) edges.push([range.from, ceilDay]);
  if (floorDay < range.to) edges.push([floorDay, range.to]);
  const days =
    ceilDay < floorDay ? { first: iso(ceilDay).slice(0, 10), end: iso(floorDay).slice(0, 10) } : null;
  return { days, edges };
}

/**
 * A partial day [a, b) is whole when the day has no rows outside it: a range that ends now (nothing is
 * created in the future) or starts before the first row of its day. `exists(lo, hi)` is an index probe
 * for a row in [lo, hi); both the probe and the read are one statement, so they see one snapshot.
 */
type Probe = (lo: Date, hi: Date) => SQL;
const dayOf = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
function edgeIsWholeDay(probe: Probe, [a, b]: [Date, Date]): SQL {
  const start = dayOf(a);
  const end = new Date(start.getTime() + DAY_MS);
  const outside = [...(start < a ? [probe(start, a)] : []), ...(b < end ? [probe(b, end)] : [])];
  return outside.length
    ? sql.join(
        outside.map((e) => sql`not ${e}`),
        sql` and `,
      )
    : sql`true`;
}
const runsProbe =
  (orgId: string): Probe =>
  (lo, hi) =>
    sql`exists (select 1 from workflow_runs p where p.org_id = ${orgId}
        and p.created_at >= ${iso(lo)}::timestamptz and p.created_at < ${iso(hi)}::timestamptz)`;
/**
 * A source of a chart: the rollup rows (`rollup`, given a condition on alias x) of the range's whole
 * days, then per partial day its day's rollup rows when the day is whole, else its raw rows (`raw`,
 * given the edge's bounds as a condition on a timestamp column). Each edge is its own branch, so each
 * is an index range read.
 */
function rangeSource(
  orgId: string,
  p: Parts,
  probe: Probe,
  rollup: Rollup,
  raw: (within: (column: SQL) => SQL) => SQL,
): SQL {
  const edges = p.edges.map((edge) => {
    const whole = edgeIsWholeDay(probe, edge);
    const [a, b] = edge;
    const within = (column: SQL) =>
      sql`${column} >= ${iso(a)}::timestamptz and ${column} < ${iso(b)}::timestamptz and not (${whole})`;
    const day = iso(dayOf(a)).slice(0, 10);
    return sql` union all ${rollup("day", onDay("x", orgId, day))} and (${whole}) union all ${raw(within)}`;
  });
  return sql`(${wholeDays(orgId, p, rollup)}${sql.join(edges, sql``)}
)`;
}

/**
 * Rollup rows of a chart, given a condition on alias x: from the daily table (on x.day), or from the
 * period table (grain "week" or "month", on x.start) with the period's first day as `day`; null when
 * the source keeps no periods.
 */
type Rollup = {
  (grain: "day", where: SQL): SQL;
  (grain: "week" | "month", where: SQL): SQL | null;
};

/**
 * The whole days [first, end) as coarsely as the statement allows: the whole months' (or weeks') period
 * rows plus those periods' unfolded day rows (the deltas compaction has not yet copied into a period),
 * then the days around them the same way one grain finer, down to day rows.
 */
function daysSource(
  orgId: string,
  days: { first: string; end: string },
  grain: Grain,
  rollup: Rollup,
): SQL[] {
  const finer: Grain | null = grain === "month" ? "week" : grain === "week" ? "day" : null;
  const dayRows = (first: string, end: string, extra: SQL = sql``) =>
    rollup("day", sql`x.org_id = ${orgId} and x.day >= ${first}::date and x.day < ${end}::date${extra}`);
  if (grain === "day" || !finer) return [dayRows(days.first, days.end)];
  const whole = wholePeriods(grain, days);
  const periods = whole
    ? rollup(
        grain,
        sql`x.org_id = ${orgId} and x.period = ${grain} and x.start >= ${whole.first}::date and x.start < ${whole.end}::date`,
      )
    : null;
  if (!whole || !periods) return daysSource(orgId, days, finer, rollup);
  const parts = [periods, dayRows(whole.first, whole.end, sql` and not x.folded`)];
  if (days.first < whole.first)
    parts.push(...daysSource(orgId, { first: days.first, end: whole.first }, finer, rollup));
  if (whole.end < days.end)
    parts.push(...daysSource(orgId, { first: whole.end, end: days.end }, finer, rollup));
  return parts;
}

function wholeDays(orgId: string, p: Parts, rollup: Rollup): SQL {
  if (!p.days) return rollup("day", sql`false`);
  return sql.join(daysSource(orgId, p.days, p.grain ?? "day", rollup), sql` union all `);
}
/** Rollup rows of the organization on one day. */
const onDay = (alias: string, orgId: string, day: string) =>
  sql`${sql.raw(alias)}.org_id = ${orgId} and ${sql.raw(alias)}.day = ${day}::date`;
const utcDay = (column: SQL) => sql`(${column} at time zone 'UTC')::date`;
const runClass = sql`case when r.status in ${FINISHED} then r.status else 'open' end`;
const stepClass = sql`case when ${ranHere} then s.status else 'other' end`;

/** Runs: day, channel, workflow_id, status ('open' or terminal), runs, durations, duration_sum. */
const runSource = (orgId: string, p: Parts) => {
  const rollup = ((grain: Grain, where: SQL) => sql`
  select x.${sql.raw(grain === "day" ? "day" : "start")} as day, x.channel, x.workflow_id, x.status, x.runs, x.durations, x.duration_sum
  from ${sql.raw(grain === "day" ? "analytics_run_rollups" : "analytics_run_period_rollups")} x where ${where}`) as Rollup;
  return rangeSource(
    orgId,
    p,
    runsProbe(orgId),
    rollup,
    (within) => sql`
  select ${utcDay(sql`r.created_at`)}, r.channel, r.workflow_id, ${runClass}, 1,
         case when r.duration_ms is null then 0 else 1 end, coalesce(r.duration_ms, 0)::bigint
  from workflow_runs r where r.org_id = ${orgId} and ${within(sql`r.created_at`)}`,
  );
};

/** Runs by tier and model: day, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens. */
const tierSource = (orgId: string, p: Parts) => {
  const rollup = ((grain: Grain, where: SQL) => sql`
  select x.${sql.raw(grain === "day" ? "day" : "start")} as day, x.tier, x.tier_reason, x.llm_model, x.status, x.runs, x.token_runs, x.tokens, x.used_tokens
  from ${sql.raw(grain === "day" ? "analytics_tier_rollups" : "analytics_tier_period_rollups")} x where ${where}`) as Rollup;
  return rangeSource(
    orgId,
    p,
    runsProbe(orgId),
    rollup,
    (within) => sql`
  select ${utcDay(sql`r.created_at`)}, r.tier::int, r.tier_reason, r.llm_model, ${runClass}, 1,
         case when r.llm_tokens_used > 0 then 1 else 0 end, coalesce(r.llm_tokens_used, 0)::bigint,
         case when r.llm_tokens_used > 0 then r.llm_tokens_used else 0 end::bigint
  from workflow_runs r where r.org_id = ${orgId} and ${within(sql`r.created_at`)}`,
  );
};

/**
 * The steps of a partial day's runs, as an index condition: `s.run_id = any(array(those runs))`. A plain
 * join let the planner hash every step of the organization when it overestimated the day's runs
 * (bench:scale on a freshly analysed 1M-run database: a sequential scan of 4.2M steps, 0.8 s, for one
 * day's 17,000); with the ids in hand it can only look the steps up by run.
 */
const stepsOfRunsWithin = (orgId: string, within: (column: SQL) => SQL) =>
  sql`s.run_id = any(array(select d.id from workflow_runs d where d.org_id = ${orgId} and ${within(sql`d.created_at`)}))`;

/** Steps by their run's day: day, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries. */
const stepSource = (orgId: string, p: Parts) => {
  const rollup = ((grain: Grain, where: SQL) => sql`
  select x.${sql.raw(grain === "day" ? "day" : "start")} as day, x.workflow_id, x.step_type, x.step_name, x.status, x.steps, x.durations, x.duration_sum, x.retries
  from ${sql.raw(grain === "day" ? "analytics_step_rollups" : "analytics_step_period_rollups")} x where ${where}`) as Rollup;
  return rangeSource(
    orgId,
    p,
    runsProbe(orgId),
    rollup,
    (within) => sql`
  select ${utcDay(sql`r.created_at`)}, r.workflow_id, s.step_type, s.step_name, ${stepClass}, 1,
         case when ${ranHere} and s.duration_ms is not null then 1 else 0 end,
         case when ${ranHere} then coalesce(s.duration_ms, 0) else 0 end::bigint, s.retry_count
  from workflow_runs r join workflow_run_steps s on s.run_id = r.id
  where r.org_id = ${orgId} and s.org_id = ${orgId} and ${within(sql`r.created_at`)}
    and ${stepsOfRunsWithin(orgId, within)}`,
  );
};

/**
 * Duration histogram (runs per channel, executed steps per step type): day, dim, bin, n, bins, ns — one
 * bin (bin, n: deltas and raw rows) or a folded key's bins packed (bins, ns: arrays, 0017).
 */
const durationSource = (kind: "run" | "step", orgId: string, p: Parts) => {
  const rollup = ((grain: Grain, where: SQL) => sql`
  select x.${sql.raw(grain === "day" ? "day" : "start")} as day, x.dim, x.bin, x.n, x.bins, x.ns
  from ${sql.raw(grain === "day" ? "analytics_duration_rollups" : "analytics_duration_period_rollups")} x
  where x.kind = ${kind} and ${where}`) as Rollup;
  return rangeSource(orgId, p, runsProbe(orgId), rollup, (within) =>
    kind === "run"
      ? sql`
  select ${utcDay(sql`r.created_at`)}, r.channel, analytics_duration_bin(r.duration_ms), 1, null::bigint[], null::integer[]
  from workflow_runs r
  where r.org_id = ${orgId} and r.duration_ms is not null and ${within(sql`r.created_at`)}`
      : sql`
  select ${utcDay(sql`r.created_at`)}, s.step_type, analytics_duration_bin(s.duration_ms), 1, null::bigint[], null::integer[]
  from workflow_runs r join workflow_run_steps s on s.run_id = r.id
  where r.org_id = ${orgId} and s.org_id = ${orgId} and ${ranHere} and s.duration_ms is not null
    and ${within(sql`r.created_at`)} and ${stepsOfRunsWithin(orgId, within)}`,
  );
};

/**
 * The duration histogram rows a chart over `range` grouped by `unit` (or by nothing) reads: exported
 * for the plan test (tests/integration/analytics-plans.test.ts), which checks that whole periods are an
 * index read of the period rollups as the application role.
 */
export const histogramSource = (
  kind: "run" | "step",
  orgId: string,
  range: AnalyticsRange,
  unit?: BucketUnit,
) => durationSource(kind, orgId, coarsest(partsOf(range), unit));

/**
 * When a failed step failed: coalesce(completed_at, updated_at), written as the CASE that
 * workflow_run_steps_failed_at_idx (0012) indexes, since under row-level security COALESCE keeps a
 * condition from seeking an index and this CASE does not.
 */
export const failedAt = (alias: string) =>
  sql.raw(
    `(case when ${alias}.completed_at is not null then ${alias}.completed_at else ${alias}.updated_at end)`,
  );
const FAILED_AT = failedAt("s");
const failuresProbe =
  (orgId: string): Probe =>
  (lo, hi) =>
    sql`exists (select 1 from workflow_run_steps p where p.org_id = ${orgId} and p.status in ('failed', 'timeout')
        and ${failedAt("p")} >= ${iso(lo)}::timestamptz and ${failedAt("p")} < ${iso(hi)}::timestamptz)`;
/**
 * Failed steps by the day they failed: day, step_type, step_name, normalized_error, failures, runs,
 * run_id (raw rows only, counted distinct), timeouts, first_at, last_at, example_error.
 */
const failureSource = (orgId: string, p: Parts) => {
  const rollup = ((grain: Grain, where: SQL) => sql`
  select x.${sql.raw(grain === "day" ? "day" : "start")} as day, x.step_type, x.step_name, x.normalized_error,
         x.failures, x.runs, null::uuid as run_id, x.timeouts, x.first_at, x.last_at, x.example_error
  from ${sql.raw(grain === "day" ? "analytics_failure_rollups" : "analytics_failure_period_rollups")} x where ${where}`) as Rollup;
  return rangeSource(
    orgId,
    p,
    failuresProbe(orgId),
    rollup,
    (within) => sql`
  select ${utcDay(FAILED_AT)}, s.step_type, s.step_name, analytics_normalize_error(s.error_message), 1, 0, s.run_id,
         case when s.status = 'timeout' then 1 else 0 end, ${FAILED_AT}, ${FAILED_AT}, s.error_message
  from workflow_run_steps s
  where s.org_id = ${orgId} and s.status in ('failed', 'timeout') and ${within(FAILED_AT)}`,
  );
};

const dayBucket = (unit: BucketUnit) => bucketSql(unit, sql`f.day::timestamp at time zone 'UTC'`);

type PercentileRow = HistogramStats & { k: string };
/**
 * p50, p95 and the largest bin of a histogram (alias f: day, dim, bin, n, bins, ns) for each grouping asked for
 * (per bucket and dim, per dim, or overall), keyed 'YYYY-MM-DD|dim', 'dim' or ''. The database reads
 * the rollup rows once and hands back the packed ones as they are (one row per day or period and dim,
 * its bins and counts as two arrays) and the one-bin rows gathered per finest group the same way (a
 * few hundred rows at most, whatever the range); here equal bins are summed (delta rows) and coarser
 * groupings merged in dense arrays (./histogram.ts: a Map per group cost 20 ms at 12 months), and the
 * two order statistics either side of each rank found by cumulative count.
 * The interpolation is percentile_cont's own (lo + fraction × (hi − lo), the rank p × (n − 1) in
 * float8), done in percentileOf. Sorting and windowing tens of thousands of bins in SQL cost 2–3× the
 * read (bench:scale, channel performance).
 */
async function percentiles(
  q: Queryable,
  histogram: SQL,
  sets: { bucket?: BucketUnit; dim?: boolean }[],
): Promise<Map<string, PercentileRow>> {
  const bucket = sets.find((s) => s.bucket)?.bucket;
  if (sets.some((s) => s.bucket && s.bucket !== bucket)) throw new Error("one bucket unit per read");
  const byDim = sets.some((s) => s.dim);
  // grouped by plain day (a period row's first day) and dim; days go to their buckets here
  const kb = bucket ? sql`f.day` : sql`null::date`;
  const kd = byDim ? sql`f.dim` : sql`null::text`;
  // packed rows as they are, one-bin rows (deltas, raw edges) gathered per group
  const found = await rows<{
    kb: string | null;
    kd: string | null;
    bins: string;
    ns: string;
  }>(
    q,
    sql`with f as (select ${kb} as kb, ${kd} as kd, f.bin, f.n, f.bins, f.ns from ${histogram} f)
        select f.kb::text as kb, f.kd, f.bins::text as bins, f.ns::text as ns from f where f.bins is not null
        union all
        select f.kb::text, f.kd, array_agg(f.bin)::text, array_agg(f.n)::text from f where f.bins is null
        group by f.kb, f.kd`,
  );
  // every grouping asked for, from the finest groups
  const histograms = new Map<string, Histogram>();
  for (const g of found) {
    const bins = numbers(g.bins);
    const ns = numbers(g.ns);
    const kb =
      bucket && g.kb !== null
        ? bucketStart(new Date(`${g.kb}T00:00:00Z`), bucket)
            .toISOString()
            .slice(0, 10)
        : null;
    for (const s of sets) {
      const key = [s.bucket ? kb : null, s.dim ? g.kd : null].filter((v) => v !== null).join("|");
      const h = histograms.get(key) ?? new Histogram();
      histograms.set(key, h);
      h.addAll(bins, ns);
    }
  }
  const out = new Map<string, PercentileRow>();
  for (const [k, h] of histograms) {
    const stats = h.stats();
    if (stats) out.set(k, { k, ...stats });
  }
  return out;
}

/** percentile_cont(p) from the order statistics around rank p × (n − 1). */
function percentileOf(r: PercentileRow | undefined, p: 0.5 | 0.95): number | null {
  if (!r || r.total <= 0) return null;
  const lo = p === 0.5 ? r.p50_lo : r.p95_lo;
  const hi = p === 0.5 ? r.p50_hi : r.p95_hi;
  if (lo === null) return null;
  const pos = p * (r.total - 1);
  const fraction = pos - Math.floor(pos);
  return hi === null || fraction === 0 ? lo : lo + fraction * (hi - lo);
}

// -------------------------------------------------------------------------------------------------
// Overview

export type AnalyticsOverview = {
  runs: number;
  finished: number;
  completed: number;
  /** Failed or timed out. */
  failed: number;
  successRate: number | null;
  avgDurationMs: number | null;
  p95DurationMs: number | null;
  failedSteps: number;
  llmTokens: number;
};

/** The whole history as an analytics range: every month from 1970 to 2200, read from month rollups. */
const WHOLE_HISTORY = { from: new Date(Date.UTC(1970, 0, 1)), to: new Date(Date.UTC(2200, 0, 1)) };

/**
 * How many runs of the organization, in its whole history, have one of `channels`, the workflow and one of
 * the status `classes` ('open' for pending/active/waiting, else the terminal status); undefined: every one. Read
 * from the run rollups (month rows plus the triggers' deltas not yet folded, so exact at commit), a few
 * hundred rows whatever the history: the run history's `total` when its filters are only these.
 */
export async function runCountFromRollups(
  q: Queryable,
  orgId: string,
  f: { channels?: string[]; workflowId?: string; classes?: string[] },
): Promise<number> {
  const oneOf = (column: SQL, values: string[]) =>
    sql`${column} in (${sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    )})`;
  const where = [
    f.channels ? oneOf(sql`f.channel`, f.channels) : undefined,
    f.workflowId ? sql`f.workflow_id = ${f.workflowId}::uuid` : undefined,
    f.classes ? oneOf(sql`f.status`, f.classes) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  const [row] = await rows<{ n: number }>(
    q,
    sql`select coalesce(sum(f.runs), 0)::int as n from ${runSource(orgId, coarsest(partsOf(WHOLE_HISTORY)))} f
        where ${where.length ? sql.join(where, sql` and `) : sql`true`}`,
  );
  return row?.n ?? 0;
}

export async function analyticsOverview(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<AnalyticsOverview> {
  await plainPlans(q);
  const p = partsOf(range);
  const [runRow] = await rows<{
    runs: number;
    finished: number;
    completed: number;
    failed: number;
    durations: number;
    duration_sum: number;
  }>(
    q,
    sql`select coalesce(sum(f.runs), 0)::int as runs,
               coalesce(sum(f.runs) filter (where f.status in ${FINISHED}), 0)::int as finished,
               coalesce(sum(f.runs) filter (where f.status = 'completed'), 0)::int as completed,
               coalesce(sum(f.runs) filter (where f.status in ('failed', 'timeout')), 0)::int as failed,
               coalesce(sum(f.durations), 0)::int as durations,
               coalesce(sum(f.duration_sum), 0)::float8 as duration_sum
        from ${runSource(orgId, coarsest(p))} f`,
  );
  const [tokenRow] = await rows<{ tokens: number }>(
    q,
    sql`select coalesce(sum(f.tokens), 0)::float8 as tokens from ${tierSource(orgId, coarsest(p))} f`,
  );
  const [stepRow] = await rows<{ failed_steps: number }>(
    q,
    sql`select coalesce(sum(f.failures), 0)::int as failed_steps from ${failureSource(orgId, coarsest(p))} f`,
  );
  const pct = await percentiles(q, durationSource("run", orgId, coarsest(p)), [{}]);
  const r = runRow ?? { runs: 0, finished: 0, completed: 0, failed: 0, durations: 0, duration_sum: 0 };
  return {
    runs: r.runs,
    finished: r.finished,
    completed: r.completed,
    failed: r.failed,
    successRate: rate(r.completed, r.finished),
    avgDurationMs: r.durations > 0 ? Math.round(Number(r.duration_sum) / r.durations) : null,
    p95DurationMs: round(percentileOf(pct.get(""), 0.95)),
    failedSteps: stepRow?.failed_steps ?? 0,
    llmTokens: Number(tokenRow?.tokens ?? 0),
  };
}

// -------------------------------------------------------------------------------------------------
// Channel performance (v_workflow_channel_performance over time)

export type ChannelStats = {
  channel: string;
  runs: number;
  finished: number;
  completed: number;
  failed: number;
  timedOut: number;
  cancelled: number;
  successRate: number | null;
  avgDurationMs: number | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
};
export type ChannelPoint = Pick<
  ChannelStats,
  "channel" | "runs" | "finished" | "completed" | "successRate" | "avgDurationMs" | "p95DurationMs"
> & { bucket: string };
export type ChannelPerformance = {
  bucket: BucketUnit;
  buckets: string[];
  channels: string[];
  /** One point per bucket and channel that had runs in the range (zero-filled). */
  series: ChannelPoint[];
  /** Per channel over the whole range. */
  totals: ChannelStats[];
};

type ChannelRow = {
  bucket: string | null;
  channel: string;
  runs: number;
  finished: number;
  completed: number;
  failed: number;
  timed_out: number;
  cancelled: number;
  durations: number;
  duration_sum: number;
};

const channelColumns = sql`f.channel,
       sum(f.runs)::int as runs,
       coalesce(sum(f.runs) filter (where f.status in ${FINISHED}), 0)::int as finished,
       coalesce(sum(f.runs) filter (where f.status = 'completed'), 0)::int as completed,
       coalesce(sum(f.runs) filter (where f.status = 'failed'), 0)::int as failed,
       coalesce(sum(f.runs) filter (where f.status = 'timeout'), 0)::int as timed_out,
       coalesce(sum(f.runs) filter (where f.status = 'cancelled'), 0)::int as cancelled,
       sum(f.durations)::int as durations,
       sum(f.duration_sum)::float8 as duration_sum`;

const CHANNEL_SUMS = [
  "runs",
  "finished",
  "completed",
  "failed",
  "timed_out",
  "cancelled",
  "durations",
  "duration_sum",
] as const satisfies readonly (keyof ChannelRow)[];

const average = (sum: number, count: number) => (count > 0 ? Number(sum) / count : null);

export async function channelPerformance(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<ChannelPerformance> {
  await plainPlans(q);
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const p = partsOf(range);
  // per day and channel, and per channel over the range, from one read (totals: day null); the days
  // (a period row's first day) go to their buckets here, which costs less than bucketing every rollup
  // row in SQL (a third of the read at 12 months, bench:scale)
  const grouped = await rows<ChannelRow>(
    q,
    sql`select f.day::text as bucket, ${channelColumns}
        from ${runSource(orgId, coarsest(p, unit))} f
        group by grouping sets ((f.day, f.channel), (f.channel))`,
  );
  const totalsRows = grouped
    .filter((r) => r.bucket === null && r.runs > 0)
    .sort((a, b) => b.runs - a.runs || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  const perBucket = new Map<string, ChannelRow>();
  for (const r of grouped) {
    if (r.bucket === null) continue;
    const bucket = bucketStart(new Date(`${r.bucket}T00:00:00Z`), unit)
      .toISOString()
      .slice(0, 10);
    const key = `${bucket}|${r.channel}`;
    const sum = perBucket.get(key);
    if (!sum) perBucket.set(key, { ...r, bucket });
    else for (const c of CHANNEL_SUMS) sum[c] += r[c];
  }
  const seriesRows = [...perBucket.values()].filter((r) => r.runs > 0);
  const pct = await percentiles(q, durationSource("run", orgId, coarsest(p, unit)), [
    { dim: true },
    { bucket: unit, dim: true },
  ]);
  const totals: ChannelStats[] = totalsRows.map((r) => {
    const total = pct.get(r.channel);
    return {
      channel: r.channel,
      runs: r.runs,
      finished: r.finished,
      completed: r.completed,
      failed: r.failed,
      timedOut: r.timed_out,
      cancelled: r.cancelled,
      successRate: rate(r.completed, r.finished),
      avgDurationMs: round(average(r.duration_sum, r.durations)),
      p50DurationMs: round(percentileOf(total, 0.5)),
      p95DurationMs: round(percentileOf(total, 0.95)),
    };
  });
  const channels = totals.map((t) => t.channel);
  const found = new Map(seriesRows.map((r) => [`${r.bucket}|${r.channel}`, r]));
  const series: ChannelPoint[] = [];
  for (const bucket of buckets) {
    for (const channel of channels) {
      const r = found.get(`${bucket}|${channel}`);
      series.push({
        bucket,
        channel,
        runs: r?.runs ?? 0,
        finished: r?.finished ?? 0,
        completed: r?.completed ?? 0,
        successRate: r ? rate(r.completed, r.finished) : null,
        avgDurationMs: r ? round(average(r.duration_sum, r.durations)) : null,
        p95DurationMs: r ? round(percentileOf(pct.get(`${bucket}|${channel}`), 0.95)) : null,
      });
    }
  }
  return { bucket: unit, buckets, channels, series, totals };
}

// -------------------------------------------------------------------------------------------------
// Node execution statistics (v_node_execution_stats per step type, over the range)

export type NodeStats = {
  stepType: string;
  /** Distinct step names of this type, for display. */
  stepNames: string[];
  /** Steps that ran to an outcome: completed, failed or timed out. */
  executions: number;
  completed: number;
  failed: number;
  timedOut: number;
  failureRate: number | null;
  avgDurationMs: number | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  maxDurationMs: number | null;
  retries: number;
  avgRetries: number | null;
};
export type NodeExecutionStats = {
  /** Slowest first (p95). */
  rows: NodeStats[];
  /** Highest p95 duration. */
  slowest: string | null;
  /** Highest failure rate among types with enough executions to mean something. */
  mostFailing: string | null;
};

/** A failure rate from fewer executions than this is noise, unless nothing has more. */
export const FAILURE_RATE_MIN_EXECUTIONS = 5;

export async function nodeExecutionStats(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<NodeExecutionStats> {
  await plainPlans(q);
  const p = partsOf(range);
  const found = await rows<{
    step_type: string;
    step_names: string[] | string;
    executions: number;
    completed: number;
    failed: number;
    timed_out: number;
    durations: number;
    duration_sum: number;
    retries: number;
  }>(
    q,
    sql`with named as (
          select f.step_type, f.step_name, f.status, sum(f.steps) as steps, sum(f.durations) as durations,
                 sum(f.duration_sum) as duration_sum, sum(f.retries) as retries
          from ${stepSource(orgId, coarsest(p))} f where f.status in ${EXECUTED}
          group by 1, 2, 3 having sum(f.steps) <> 0 or sum(f.retries) <> 0
        )
        select n.step_type,
               array_to_json(array_agg(distinct n.step_name order by n.step_name) filter (where n.steps > 0))::text as step_names,
               sum(n.steps)::int as executions,
               coalesce(sum(n.steps) filter (where n.status = 'completed'), 0)::int as completed,
               coalesce(sum(n.steps) filter (where n.status = 'failed'), 0)::int as failed,
               coalesce(sum(n.steps) filter (where n.status = 'timeout'), 0)::int as timed_out,
               sum(n.durations)::int as durations,
               sum(n.duration_sum)::float8 as duration_sum,
               sum(n.retries)::int as retries
        from named n group by n.step_type having sum(n.steps) > 0 order by n.step_type`,
  );
  const pct = await percentiles(q, durationSource("step", orgId, coarsest(p)), [{ dim: true }]);
  const out: NodeStats[] = found.map((r) => {
    const d = pct.get(r.step_type);
    return {
      stepType: r.step_type,
      stepNames: typeof r.step_names === "string" ? (JSON.parse(r.step_names) as string[]) : r.step_names,
      executions: r.executions,
      completed: r.completed,
      failed: r.failed,
      timedOut: r.timed_out,
      failureRate: rate(r.failed + r.timed_out, r.executions),
      avgDurationMs: round(average(r.duration_sum, r.durations)),
      p50DurationMs: round(percentileOf(d, 0.5)),
      p95DurationMs: round(percentileOf(d, 0.95)),
      maxDurationMs: d?.max_bin ?? null,
      retries: r.retries,
      avgRetries: r.executions > 0 ? Math.round((100 * r.retries) / r.executions) / 100 : null,
    };
  });
  // slowest first (p95, nulls last); the sort is stable, so ties keep the database's step-type order
  const p95 = (s: NodeStats) => percentileOf(pct.get(s.stepType), 0.95);
  out.sort((a, b) => {
    const x = p95(a);
    const y = p95(b);
    if (x === y) return 0;
    return x === null ? 1 : y === null ? -1 : y - x;
  });
  return { rows: out, ...bottlenecks(out) };
}

/** The slowest step type (p95) and the most failing one (ties: more executions first). */
export function bottlenecks(stats: NodeStats[]): Pick<NodeExecutionStats, "slowest" | "mostFailing"> {
  const best = (list: NodeStats[], value: (s: NodeStats) => number | null) => {
    let winner: NodeStats | null = null;
    for (const s of list) {
      const v = value(s);
      if (v === null || v <= 0) continue;
      const w = winner ? value(winner) : null;
      if (w === null || v > w || (v === w && winner && s.executions > winner.executions)) winner = s;
    }
    return winner?.stepType ?? null;
  };
  const sampled = stats.filter((s) => s.executions >= FAILURE_RATE_MIN_EXECUTIONS);
  return {
    slowest: best(stats, (s) => s.p95DurationMs),
    mostFailing: best(sampled.length ? sampled : stats, (s) => s.failureRate),
  };
}

// -------------------------------------------------------------------------------------------------
// Failed steps (v_failed_steps_analysis), grouped by step and normalized message

export type FailureGroup = {
  /** md5 of step type, step name and normalized message: stable across ranges, safe in a URL. */
  groupKey: string;
  stepType: string;
  stepName: string;
  normalizedError: string;
  exampleError: string | null;
  failures: number;
  runs: number;
  timeouts: number;
  firstFailedAt: string;
  lastFailedAt: string;
};
export type FailurePoint = { bucket: string; groupKey: string; failures: number };
export type FailedStepsAnalysis = {
  bucket: BucketUnit;
  buckets: string[];
  /** Most failures first. */
  groups: FailureGroup[];
  /** Failures per bucket and group (buckets without failures are absent). */
  trend: FailurePoint[];
  /** Failures per bucket, every bucket of the range. */
  totals: { bucket: string; failures: number }[];
};

/** A failure group's key: step type, step name and normalized message. */
const groupKeyOf = (stepType: string, stepName: string, normalizedError: string) =>
  sql.raw(`md5(${stepType} || chr(31) || ${stepName} || chr(31) || ${normalizedError})`);
const GROUP_KEY = groupKeyOf("f.step_type", "f.step_name", "f.normalized_error");

export const isGroupKey = (key: string) => /^[0-9a-f]{32}$/.test(key);

type GroupRow = {
  group_key: string;
  step_type: string;
  step_name: string;
  normalized_error: string;
  example_error: string | null;
  failures: number;
  runs: number;
  timeouts: number;
  first_at: string;
  last_at: string;
};
const groupColumns = sql`${GROUP_KEY} as group_key, f.step_type, f.step_name, f.normalized_error,
       min(f.example_error) as example_error,
       sum(f.failures)::int as failures,
       (sum(f.runs) + count(f.run_id))::int as runs,
       sum(f.timeouts)::int as timeouts,
       ${isoSql(sql`min(f.first_at)`)} as first_at,
       ${isoSql(sql`max(f.last_at)`)} as last_at`;
const toGroup = (r: GroupRow): FailureGroup => ({
  groupKey: r.group_key,
  stepType: r.step_type,
  stepName: r.step_name,
  normalizedError: r.normalized_error,
  exampleError: r.example_error,
  failures: r.failures,
  runs: r.runs,
  timeouts: r.timeouts,
  firstFailedAt: r.first_at,
  lastFailedAt: r.last_at,
});

/** Failure groups of the range (most failures first), optionally only the one with this key. */
function failureGroups(q: Queryable, orgId: string, p: Parts, groupKey?: string) {
  return rows<GroupRow>(
    q,
    // per group and run first (rollup rows have no run: one row per group), so the outer count of runs
    // is distinct without a DISTINCT aggregate, and both levels can hash; the key is hashed per group
    sql`select ${groupColumns}
        from (select f.step_type, f.step_name, f.normalized_error, f.run_id, min(f.example_error) as example_error,
                     sum(f.failures) as failures, sum(f.runs) as runs, sum(f.timeouts) as timeouts,
                     min(f.first_at) as first_at, max(f.last_at) as last_at
              from ${failureSource(orgId, p)} f group by 1, 2, 3, 4) f
        group by f.step_type, f.step_name, f.normalized_error
        having sum(f.failures) > 0${groupKey === undefined ? sql`` : sql` and ${GROUP_KEY} = ${groupKey}`}
        order by failures desc, max(f.last_at) desc, 1`,
  );
}

export async function failedStepsAnalysis(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<FailedStepsAnalysis> {
  await plainPlans(q);
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const p = partsOf(range);
  const groups = await failureGroups(q, orgId, coarsest(p));
  // failures per day (a period row's first day) and group, hashed per group rather than per rollup
  // row; the days go to their buckets here (bucketing and sorting every row in SQL was most of the read)
  const daily = await rows<{ day: string; group_key: string; failures: number }>(
    q,
    sql`select f.day::text as day, ${GROUP_KEY} as group_key, f.failures::int as failures
        from (select f.day, f.step_type, f.step_name, f.normalized_error, sum(f.failures) as failures
              from ${failureSource(orgId, coarsest(p, unit))} f group by 1, 2, 3, 4) f`,
  );
  const perGroup = new Map<string, FailurePoint>();
  for (const d of daily) {
    const bucket = bucketStart(new Date(`${d.day}T00:00:00Z`), unit)
      .toISOString()
      .slice(0, 10);
    const key = `${bucket}|${d.group_key}`;
    const point = perGroup.get(key);
    if (point) point.failures += d.failures;
    else perGroup.set(key, { bucket, groupKey: d.group_key, failures: d.failures });
  }
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const trend = [...perGroup.values()]
    .filter((t) => t.failures > 0)
    .sort((a, b) => byKey(a.bucket, b.bucket) || byKey(a.groupKey, b.groupKey));
  const perBucket = new Map<string, number>();
  for (const t of trend) perBucket.set(t.bucket, (perBucket.get(t.bucket) ?? 0) + t.failures);
  return {
    bucket: unit,
    buckets,
    groups: groups.map(toGroup),
    trend,
    totals: buckets.map((bucket) => ({ bucket, failures: perBucket.get(bucket) ?? 0 })),
  };
}

export type FailedStepRun = {
  runId: string;
  publicId: string;
  workflowName: string | null;
  channel: string;
  stepNumber: number;
  stepName: string;
  status: string;
  errorMessage: string | null;
  retries: number;
  failedAt: string;
};
export type FailureGroupRuns = { group: FailureGroup | null; runs: FailedStepRun[]; truncated: boolean };

/**
 * The failed steps (with their runs) of a failure group in the range, newest first, at most `limit`:
 * exported for the plan test (tests/integration/analytics-plans.test.ts), which checks that it walks
 * workflow_run_steps_failed_step_idx as the application role.
 */
export const failedStepsOfGroup = (
  orgId: string,
  group: { step_type: string; step_name: string },
  groupKey: string,
  range: Pick<AnalyticsRange, "from" | "to">,
  limit: number,
) => {
  const ofGroup = (a: string) => {
    const at = failedAt(a);
    const normalized = `analytics_normalize_error(${a}.error_message)`;
    return sql`${sql.raw(a)}.org_id = ${orgId} and ${sql.raw(a)}.status in ('failed', 'timeout')
          and ${at} >= ${iso(range.from)}::timestamptz and ${at} < ${iso(range.to)}::timestamptz
          and ${sql.raw(a)}.step_type = ${group.step_type} and ${sql.raw(a)}.step_name = ${group.step_name}
          and ${groupKeyOf(`${a}.step_type`, `${a}.step_name`, normalized)} = ${groupKey}`;
  };
  // the page from the index order alone (the walk stops after `limit` matches), plus the group's other
  // failures at the page's oldest moment (ties), with the columns shown; then those steps ordered with
  // the run's id as the tie-break (a sort of about `limit` rows). Ordering by the run's id directly
  // made the planner read the whole range and sort it (0.7 s for a common group over 12 months).
  const columns = (a: string) =>
    sql`${sql.raw(a)}.id, ${sql.raw(a)}.run_id, ${sql.raw(a)}.step_number, ${sql.raw(a)}.step_name, ${sql.raw(a)}.status,
        ${sql.raw(a)}.error_message, ${sql.raw(a)}.retry_count, ${failedAt(a)} as at`;
  return sql`with page as materialized (
          select ${columns("p")} from workflow_run_steps p where ${ofGroup("p")}
          order by ${failedAt("p")} desc limit ${limit}
        ), steps as (
          select * from page
          union
          select ${columns("t")} from workflow_run_steps t
          where ${ofGroup("t")} and ${failedAt("t")} = (select min(page.at) from page)
        )
        select s.run_id, r.public_id, w.name as workflow_name, r.channel, s.step_number, s.step_name, s.status,
               s.error_message, s.retry_count, ${isoSql(sql`s.at`)} as failed_at
        from steps s
        join workflow_runs r on r.id = s.run_id
        left join workflows w on w.id = r.workflow_id
        where r.org_id = ${orgId}
        order by s.at desc, r.public_id desc
        limit ${limit}`;
};

/** The failed steps (with their runs) of one group in the range, newest first. */
export async function failureGroupRuns(
  q: Queryable,
  orgId: string,
  groupKey: string,
  range: Pick<AnalyticsRange, "from" | "to">,
  limit = 500,
): Promise<FailureGroupRuns> {
  await plainPlans(q);
  if (!isGroupKey(groupKey)) return { group: null, runs: [], truncated: false };
  // the group's figures from the rollups; its failed steps newest first, walking
  // workflow_run_steps_failed_step_idx (0018: organization, step type, step name, failure time)
  // backwards over the range (the columns of v_failed_steps_analysis), so only the failed steps of the
  // group's own step are read and pay for normalizing the message
  const [group] = await failureGroups(q, orgId, coarsest(partsOf(range)), groupKey);
  if (!group) return { group: null, runs: [], truncated: false };
  const found = await rows<{
    run_id: string;
    public_id: string;
    workflow_name: string | null;
    channel: string;
    step_number: number;
    step_name: string;
    status: string;
    error_message: string | null;
    retry_count: number;
    failed_at: string;
  }>(q, failedStepsOfGroup(orgId, group, groupKey, range, limit + 1));
  return {
    group: toGroup(group),
    runs: found.slice(0, limit).map((r) => ({
      runId: r.run_id,
      publicId: r.public_id,
      workflowName: r.workflow_name,
      channel: r.channel,
      stepNumber: r.step_number,
      stepName: r.step_name,
      status: r.status,
      errorMessage: r.error_message,
      retries: r.retry_count,
      failedAt: r.failed_at,
    })),
    truncated: found.length > limit,
  };
}

// -------------------------------------------------------------------------------------------------
// Execution summary per workflow (v_workflow_execution_summary, aggregated per workflow)

export type WorkflowSummary = {
  workflowId: string | null;
  workflowName: string;
  runs: number;
  completed: number;
  failed: number;
  timedOut: number;
  cancelled: number;
  /** Pending, active or waiting. */
  open: number;
  successRate: number | null;
  avgDurationMs: number | null;
  avgSteps: number | null;
  retries: number;
};

export async function workflowExecutionSummary(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<WorkflowSummary[]> {
  await plainPlans(q);
  // Steps are placed by their run's day and workflow, so steps per run average over the same runs.
  const p = partsOf(range);
  const found = await rows<{
    workflow_id: string | null;
    workflow_name: string | null;
    runs: number;
    finished: number;
    completed: number;
    failed: number;
    timed_out: number;
    cancelled: number;
    durations: number;
    duration_sum: number;
    steps: number;
    retries: number;
  }>(
    q,
    sql`with runs as (
          select f.workflow_id,
                 sum(f.runs)::int as runs,
                 coalesce(sum(f.runs) filter (where f.status in ${FINISHED}), 0)::int as finished,
                 coalesce(sum(f.runs) filter (where f.status = 'completed'), 0)::int as completed,
                 coalesce(sum(f.runs) filter (where f.status = 'failed'), 0)::int as failed,
                 coalesce(sum(f.runs) filter (where f.status = 'timeout'), 0)::int as timed_out,
                 coalesce(sum(f.runs) filter (where f.status = 'cancelled'), 0)::int as cancelled,
                 sum(f.durations)::int as durations,
                 sum(f.duration_sum)::float8 as duration_sum
          from ${runSource(orgId, coarsest(p))} f group by f.workflow_id having sum(f.runs) > 0
        ), steps as (
          select f.workflow_id, sum(f.steps)::int as steps, sum(f.retries)::int as retries
          from ${stepSource(orgId, coarsest(p))} f group by f.workflow_id
        )
        select runs.*, w.name as workflow_name,
               coalesce(steps.steps, 0)::int as steps, coalesce(steps.retries, 0)::int as retries
        from runs
        left join steps on steps.workflow_id is not distinct from runs.workflow_id
        left join workflows w on w.id = runs.workflow_id
        order by runs.runs desc, w.name nulls last, runs.workflow_id`,
  );
  return found.map((r) => ({
    workflowId: r.workflow_id,
    workflowName: r.workflow_name ?? "(no workflow)",
    runs: r.runs,
    completed: r.completed,
    failed: r.failed,
    timedOut: r.timed_out,
    cancelled: r.cancelled,
    open: r.runs - r.finished,
    successRate: rate(r.completed, r.finished),
    avgDurationMs: round(average(r.duration_sum, r.durations)),
    avgSteps: Math.round((r.steps / r.runs) * 10) / 10,
    retries: r.retries,
  }));
}

// -------------------------------------------------------------------------------------------------
// LLM token usage by model (seed 004's llm_* columns of the run)

export type LlmModelTotals = { model: string; runs: number; tokens: number; avgTokensPerRun: number };
export type LlmUsage = {
  bucket: BucketUnit;
  buckets: string[];
  /** Most tokens first. */
  models: LlmModelTotals[];
  /** Tokens per bucket and model (zero-filled for every bucket and model). */
  series: { bucket: string; model: string; tokens: number; runs: number }[];
};

export async function llmTokenUsage(q: Queryable, orgId: string, range: AnalyticsRange): Promise<LlmUsage> {
  await plainPlans(q);
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const p = partsOf(range);
  const model = sql`coalesce(f.llm_model, 'unknown')`;
  // per bucket and model, and per model over the range, from one read (totals: bucket null)
  const grouped = await rows<{ bucket: string | null; model: string; runs: number; tokens: number }>(
    q,
    sql`select f.bucket, f.model, sum(f.token_runs)::int as runs, sum(f.used_tokens)::float8 as tokens
        from (select ${dayBucket(unit)} as bucket, ${model} as model, f.token_runs, f.used_tokens
              from ${tierSource(orgId, coarsest(p, unit))} f) f
        group by grouping sets ((f.bucket, f.model), (f.model)) having sum(f.token_runs) > 0`,
  );
  const totals = grouped
    .filter((r) => r.bucket === null)
    .sort((a, b) => b.tokens - a.tokens || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const found = grouped.filter((r) => r.bucket !== null);
  const byKey = new Map(found.map((r) => [`${r.bucket}|${r.model}`, r]));
  const models = totals.map((t) => ({
    model: t.model,
    runs: t.runs,
    tokens: Number(t.tokens),
    avgTokensPerRun: t.runs > 0 ? Math.round(Number(t.tokens) / t.runs) : 0,
  }));
  const series = buckets.flatMap((bucket) =>
    models.map((m) => {
      const r = byKey.get(`${bucket}|${m.model}`);
      return { bucket, model: m.model, tokens: Number(r?.tokens ?? 0), runs: r?.runs ?? 0 };
    }),
  );
  return { bucket: unit, buckets, models, series };
}

// -------------------------------------------------------------------------------------------------
// Tier distribution (seed 004's tier / tier_reason)

export type TierSlice = {
  /** 1, 2, 3 … or null for runs without a tier. */
  tier: number | null;
  runs: number;
  share: number | null;
  completed: number;
  successRate: number | null;
  llmTokens: number;
  /** The most frequent reason given for this tier. */
  topReason: string | null;
};

export async function tierDistribution(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<TierSlice[]> {
  await plainPlans(q);
  const p = partsOf(range);
  const found = await rows<{
    tier: number | null;
    runs: number;
    finished: number;
    completed: number;
    tokens: number;
    top_reason: string | null;
  }>(
    q,
    sql`with t as (
          select f.tier, f.tier_reason, f.status, sum(f.runs) as runs, sum(f.tokens) as tokens
          from ${tierSource(orgId, coarsest(p))} f group by 1, 2, 3
        ), reasons as (
          -- mode() within group (order by tier_reason): the most frequent reason, the first in order on a tie
          select distinct on (t.tier) t.tier, t.tier_reason
          from t where t.tier_reason is not null
          group by t.tier, t.tier_reason having sum(t.runs) > 0
          order by t.tier, sum(t.runs) desc, t.tier_reason
        )
        select t.tier, sum(t.runs)::int as runs,
               coalesce(sum(t.runs) filter (where t.status in ${FINISHED}), 0)::int as finished,
               coalesce(sum(t.runs) filter (where t.status = 'completed'), 0)::int as completed,
               coalesce(sum(t.tokens), 0)::float8 as tokens,
               min(reasons.tier_reason) as top_reason
        from t left join reasons on reasons.tier is not distinct from t.tier
        group by t.tier having sum(t.runs) > 0 order by t.tier nulls last`,
  );
  const total = found.reduce((sum, r) => sum + r.runs, 0);
  return found.map((r) => ({
    tier: r.tier,
    runs: r.runs,
    share: rate(r.runs, total),
    completed: r.completed,
    successRate: rate(r.completed, r.finished),
    llmTokens: Number(r.tokens),
    topReason: r.top_reason,
  }));
}

// -------------------------------------------------------------------------------------------------

export type AnalyticsData = {
  overview: AnalyticsOverview;
  channels: ChannelPerformance;
  nodes: NodeExecutionStats;
  failures: FailedStepsAnalysis;
  workflows: WorkflowSummary[];
  llm: LlmUsage;
  tiers: TierSlice[];
};

/** Everything the Analytics page shows, read in one tenant transaction (one consistent snapshot). */
export async function analyticsData(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<AnalyticsData> {
  // sequential on purpose: one transaction is one connection
  const overview = await analyticsOverview(q, orgId, range);
  const channels = await channelPerformance(q, orgId, range);
  const nodes = await nodeExecutionStats(q, orgId, range);
  const failures = await failedStepsAnalysis(q, orgId, range);
  const workflows = await workflowExecutionSummary(q, orgId, range);
  const llm = await llmTokenUsage(q, orgId, range);
  const tiers = await tierDistribution(q, orgId, range);
  return { overview, channels, nodes, failures, workflows, llm, tiers };
}
