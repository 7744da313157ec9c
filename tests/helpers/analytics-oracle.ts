// The analytics read models as they were before the rollups (db/queries/analytics.ts at b609b82): naive
// scans of workflow_runs / workflow_run_steps / v_failed_steps_analysis, kept verbatim as the oracle the
// rollup-backed queries are proven equal to (tests/integration/analytics-rollups.test.ts).
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, rows } from "@/db/client";

// Read models of the Analytics page (seed 002's analysis views, over a time range).
//
// Decisions:
// - Every function takes (tx, orgId, range) and runs inside the caller's withTenant transaction;
//   the org filter is repeated in SQL as defence in depth next to row-level security.
// - Runs are placed in the range by created_at (the run-list index); failed steps by the moment
//   they failed (v_failed_steps_analysis.failed_at), so the failure trend shows when things broke.
// - The seed-002 aggregate views (channel performance, node stats) have no time dimension, and a
//   filter on a column that is not grouped cannot be pushed below their GROUP BY, so ranged
//   aggregates are plain SQL with the views' definitions (success rate = completed / finished,
//   failure rate = failed or timed out / executed). The row-level failed-steps view is used as is.
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
/** Runs of the organization created in the range. */
const runsInRange = (orgId: string, range: AnalyticsRange) =>
  sql`r.org_id = ${orgId} and r.created_at >= ${iso(range.from)}::timestamptz and r.created_at < ${iso(range.to)}::timestamptz`;

const FINISHED = sql.raw(`('completed', 'failed', 'cancelled', 'timeout')`);
const EXECUTED = sql.raw(`('completed', 'failed', 'timeout')`);

/** Percentage with two decimals, or null without a denominator. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null;
}
const round = (n: number | null) => (n === null ? null : Math.round(n));

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

export async function analyticsOverview(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<AnalyticsOverview> {
  const [runRow] = await rows<{
    runs: number;
    finished: number;
    completed: number;
    failed: number;
    avg_ms: number | null;
    p95_ms: number | null;
    tokens: number;
  }>(
    q,
    sql`select count(*)::int as runs,
               count(*) filter (where r.status in ${FINISHED})::int as finished,
               count(*) filter (where r.status = 'completed')::int as completed,
               count(*) filter (where r.status in ('failed', 'timeout'))::int as failed,
               avg(r.duration_ms)::float8 as avg_ms,
               percentile_cont(0.95) within group (order by r.duration_ms)::float8 as p95_ms,
               coalesce(sum(r.llm_tokens_used), 0)::float8 as tokens
        from workflow_runs r
        where ${runsInRange(orgId, range)}`,
  );
  const [stepRow] = await rows<{ failed_steps: number }>(
    q,
    sql`select count(*)::int as failed_steps from v_failed_steps_analysis f
        where f.org_id = ${orgId} and f.failed_at >= ${iso(range.from)}::timestamptz
          and f.failed_at < ${iso(range.to)}::timestamptz`,
  );
  const r = runRow ?? {
    runs: 0,
    finished: 0,
    completed: 0,
    failed: 0,
    avg_ms: null,
    p95_ms: null,
    tokens: 0,
  };
  return {
    runs: r.runs,
    finished: r.finished,
    completed: r.completed,
    failed: r.failed,
    successRate: rate(r.completed, r.finished),
    avgDurationMs: round(r.avg_ms),
    p95DurationMs: round(r.p95_ms),
    failedSteps: stepRow?.failed_steps ?? 0,
    llmTokens: Number(r.tokens),
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
  bucket?: string;
  channel: string;
  runs: number;
  finished: number;
  completed: number;
  failed: number;
  timed_out: number;
  cancelled: number;
  avg_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
};

const channelColumns = sql`r.channel,
       count(*)::int as runs,
       count(*) filter (where r.status in ${FINISHED})::int as finished,
       count(*) filter (where r.status = 'completed')::int as completed,
       count(*) filter (where r.status = 'failed')::int as failed,
       count(*) filter (where r.status = 'timeout')::int as timed_out,
       count(*) filter (where r.status = 'cancelled')::int as cancelled,
       avg(r.duration_ms)::float8 as avg_ms,
       percentile_cont(0.5) within group (order by r.duration_ms)::float8 as p50_ms,
       percentile_cont(0.95) within group (order by r.duration_ms)::float8 as p95_ms`;

export async function channelPerformance(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<ChannelPerformance> {
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const totalsRows = await rows<ChannelRow>(
    q,
    sql`select ${channelColumns} from workflow_runs r where ${runsInRange(orgId, range)}
        group by r.channel order by count(*) desc, r.channel`,
  );
  const seriesRows = await rows<ChannelRow>(
    q,
    sql`select ${bucketSql(unit, sql`r.created_at`)} as bucket, ${channelColumns}
        from workflow_runs r where ${runsInRange(orgId, range)}
        group by 1, r.channel order by 1, r.channel`,
  );
  const totals: ChannelStats[] = totalsRows.map((r) => ({
    channel: r.channel,
    runs: r.runs,
    finished: r.finished,
    completed: r.completed,
    failed: r.failed,
    timedOut: r.timed_out,
    cancelled: r.cancelled,
    successRate: rate(r.completed, r.finished),
    avgDurationMs: round(r.avg_ms),
    p50DurationMs: round(r.p50_ms),
    p95DurationMs: round(r.p95_ms),
  }));
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
        avgDurationMs: round(r?.avg_ms ?? null),
        p95DurationMs: round(r?.p95_ms ?? null),
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
  const found = await rows<{
    step_type: string;
    step_names: string[] | string;
    executions: number;
    completed: number;
    failed: number;
    timed_out: number;
    avg_ms: number | null;
    p50_ms: number | null;
    p95_ms: number | null;
    max_ms: number | null;
    retries: number;
  }>(
    q,
    sql`select s.step_type,
               array_to_json(array_agg(distinct s.step_name order by s.step_name))::text as step_names,
               count(*)::int as executions,
               count(*) filter (where s.status = 'completed')::int as completed,
               count(*) filter (where s.status = 'failed')::int as failed,
               count(*) filter (where s.status = 'timeout')::int as timed_out,
               avg(s.duration_ms)::float8 as avg_ms,
               percentile_cont(0.5) within group (order by s.duration_ms)::float8 as p50_ms,
               percentile_cont(0.95) within group (order by s.duration_ms)::float8 as p95_ms,
               max(s.duration_ms)::float8 as max_ms,
               coalesce(sum(s.retry_count), 0)::int as retries
        from workflow_run_steps s
        join workflow_runs r on r.id = s.run_id
        where s.org_id = ${orgId} and ${runsInRange(orgId, range)} and s.status in ${EXECUTED}
          and not s.events @> '[{"type": "step.carried"}]'::jsonb
        group by s.step_type
        order by p95_ms desc nulls last, s.step_type`,
  );
  const out: NodeStats[] = found.map((r) => ({
    stepType: r.step_type,
    stepNames: typeof r.step_names === "string" ? (JSON.parse(r.step_names) as string[]) : r.step_names,
    executions: r.executions,
    completed: r.completed,
    failed: r.failed,
    timedOut: r.timed_out,
    failureRate: rate(r.failed + r.timed_out, r.executions),
    avgDurationMs: round(r.avg_ms),
    p50DurationMs: round(r.p50_ms),
    p95DurationMs: round(r.p95_ms),
    maxDurationMs: round(r.max_ms),
    retries: r.retries,
    avgRetries: r.executions > 0 ? Math.round((100 * r.retries) / r.executions) / 100 : null,
  }));
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

const GROUP_KEY = sql.raw(`md5(f.step_type || chr(31) || f.step_name || chr(31) || f.normalized_error)`);
const failedInRange = (orgId: string, range: Pick<AnalyticsRange, "from" | "to">) =>
  sql`f.org_id = ${orgId} and f.failed_at >= ${iso(range.from)}::timestamptz and f.failed_at < ${iso(range.to)}::timestamptz`;

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
       min(f.error_message) as example_error,
       count(*)::int as failures,
       count(distinct f.run_id)::int as runs,
       count(*) filter (where f.status = 'timeout')::int as timeouts,
       ${isoSql(sql`min(f.failed_at)`)} as first_at,
       ${isoSql(sql`max(f.failed_at)`)} as last_at`;
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

export async function failedStepsAnalysis(
  q: Queryable,
  orgId: string,
  range: AnalyticsRange,
): Promise<FailedStepsAnalysis> {
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const groups = await rows<GroupRow>(
    q,
    sql`select ${groupColumns}
        from v_failed_steps_analysis f where ${failedInRange(orgId, range)}
        group by 1, f.step_type, f.step_name, f.normalized_error
        order by failures desc, max(f.failed_at) desc, 1`,
  );
  const trend = await rows<{ bucket: string; group_key: string; failures: number }>(
    q,
    sql`select ${bucketSql(unit, sql`f.failed_at`)} as bucket, ${GROUP_KEY} as group_key,
               count(*)::int as failures
        from v_failed_steps_analysis f where ${failedInRange(orgId, range)}
        group by 1, 2 order by 1, 2`,
  );
  const perBucket = new Map<string, number>();
  for (const t of trend) perBucket.set(t.bucket, (perBucket.get(t.bucket) ?? 0) + t.failures);
  return {
    bucket: unit,
    buckets,
    groups: groups.map(toGroup),
    trend: trend.map((t) => ({ bucket: t.bucket, groupKey: t.group_key, failures: t.failures })),
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

/** The failed steps (with their runs) of one group in the range, newest first. */
export async function failureGroupRuns(
  q: Queryable,
  orgId: string,
  groupKey: string,
  range: Pick<AnalyticsRange, "from" | "to">,
  limit = 500,
): Promise<FailureGroupRuns> {
  if (!isGroupKey(groupKey)) return { group: null, runs: [], truncated: false };
  const inGroup = sql`${failedInRange(orgId, range)} and ${GROUP_KEY} = ${groupKey}`;
  const [group] = await rows<GroupRow>(
    q,
    sql`select ${groupColumns} from v_failed_steps_analysis f where ${inGroup}
        group by 1, f.step_type, f.step_name, f.normalized_error`,
  );
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
  }>(
    q,
    sql`select f.run_id, f.public_id, f.workflow_name, f.channel, f.step_number, f.step_name, f.status,
               f.error_message, f.retry_count, ${isoSql(sql`f.failed_at`)} as failed_at
        from v_failed_steps_analysis f where ${inGroup}
        order by f.failed_at desc, f.public_id desc
        limit ${limit + 1}`,
  );
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
  // Steps are counted per run before the join, as the view does, but only for runs in the range.
  const found = await rows<{
    workflow_id: string | null;
    workflow_name: string | null;
    runs: number;
    finished: number;
    completed: number;
    failed: number;
    timed_out: number;
    cancelled: number;
    avg_ms: number | null;
    avg_steps: number | null;
    retries: number;
  }>(
    q,
    sql`with runs as (
          select r.id, r.workflow_id, r.status, r.duration_ms from workflow_runs r
          where ${runsInRange(orgId, range)}
        ), steps as (
          select s.run_id, count(*)::int as total_steps, coalesce(sum(s.retry_count), 0)::int as retries
          from workflow_run_steps s join runs on runs.id = s.run_id
          where s.org_id = ${orgId}
          group by s.run_id
        )
        select runs.workflow_id, w.name as workflow_name,
               count(*)::int as runs,
               count(*) filter (where runs.status in ${FINISHED})::int as finished,
               count(*) filter (where runs.status = 'completed')::int as completed,
               count(*) filter (where runs.status = 'failed')::int as failed,
               count(*) filter (where runs.status = 'timeout')::int as timed_out,
               count(*) filter (where runs.status = 'cancelled')::int as cancelled,
               avg(runs.duration_ms)::float8 as avg_ms,
               avg(coalesce(steps.total_steps, 0))::float8 as avg_steps,
               coalesce(sum(steps.retries), 0)::int as retries
        from runs
        left join steps on steps.run_id = runs.id
        left join workflows w on w.id = runs.workflow_id
        group by runs.workflow_id, w.name
        order by runs desc, w.name nulls last`,
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
    avgDurationMs: round(r.avg_ms),
    avgSteps: r.avg_steps === null ? null : Math.round(r.avg_steps * 10) / 10,
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
  const unit = unitOf(range);
  const buckets = bucketsOf(range);
  const model = sql`coalesce(r.llm_model, 'unknown')`;
  const used = sql`r.llm_tokens_used is not null and r.llm_tokens_used > 0`;
  const totals = await rows<{ model: string; runs: number; tokens: number }>(
    q,
    sql`select ${model} as model, count(*)::int as runs, sum(r.llm_tokens_used)::float8 as tokens
        from workflow_runs r where ${runsInRange(orgId, range)} and ${used}
        group by 1 order by tokens desc, 1`,
  );
  const found = await rows<{ bucket: string; model: string; runs: number; tokens: number }>(
    q,
    sql`select ${bucketSql(unit, sql`r.created_at`)} as bucket, ${model} as model,
               count(*)::int as runs, sum(r.llm_tokens_used)::float8 as tokens
        from workflow_runs r where ${runsInRange(orgId, range)} and ${used}
        group by 1, 2 order by 1, 2`,
  );
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
  const found = await rows<{
    tier: number | null;
    runs: number;
    finished: number;
    completed: number;
    tokens: number;
    top_reason: string | null;
  }>(
    q,
    sql`select r.tier::int as tier, count(*)::int as runs,
               count(*) filter (where r.status in ${FINISHED})::int as finished,
               count(*) filter (where r.status = 'completed')::int as completed,
               coalesce(sum(r.llm_tokens_used), 0)::float8 as tokens,
               mode() within group (order by r.tier_reason) as top_reason
        from workflow_runs r where ${runsInRange(orgId, range)}
        group by r.tier order by r.tier nulls last`,
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
