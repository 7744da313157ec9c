import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, orgId } from "./columns";

// Analytics rollups (migration 0008_analytics_rollups): signed delta rows that triggers on
// workflow_runs / workflow_run_steps append and analytics_compact_rollups() folds. Readers sum every
// row of a key, so a key may have any number of rows at any time. No foreign keys on purpose: the
// rows outlive nothing they describe (a deleted run or organization leaves rows summing to zero,
// which compaction drops), and a cascade must never race the trigger that writes the correction.
// Days are UTC; see db/queries/analytics.ts for what each chart reads. The org_day indexes are
// covering in the migration (INCLUDE every column a chart reads: index-only scans), which
// drizzle-kit cannot express.

const day = () => date("day", { mode: "string" }).notNull();
const count = (name: string) => integer(name).notNull();
const total = (name: string) => bigint(name, { mode: "number" }).notNull();
/** True for a row compaction wrote (or a backfill or exact recount); false for a trigger's delta. */
const folded = () => boolean("folded").notNull().default(false);

/** Runs per creation day, channel, workflow and status ('open' for pending/active/waiting). */
export const analyticsRunRollups = pgTable(
  "analytics_run_rollups",
  {
    id: id(),
    orgId: orgId(),
    day: day(),
    channel: text("channel").notNull(),
    workflowId: uuid("workflow_id"),
    status: text("status").notNull(),
    runs: count("runs"),
    /** Runs with a duration (the denominator of the average). */
    durations: count("durations"),
    durationSum: total("duration_sum"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    // compaction: the keys with deltas
    index("analytics_run_rollups_deltas_idx").on(t.orgId, t.day).where(sql`NOT ${t.folded}`),
    // every chart: the organization's days in the range
    index("analytics_run_rollups_org_day_idx").on(t.orgId, t.day),
  ],
);

/** Runs per creation day, tier, tier reason, model and status: tiers and LLM usage. */
export const analyticsTierRollups = pgTable(
  "analytics_tier_rollups",
  {
    id: id(),
    orgId: orgId(),
    day: day(),
    tier: integer("tier"),
    tierReason: text("tier_reason"),
    llmModel: text("llm_model"),
    status: text("status").notNull(),
    runs: count("runs"),
    /** Runs that used tokens (llm_tokens_used > 0). */
    tokenRuns: count("token_runs"),
    tokens: total("tokens"),
    /** Tokens of the runs that used tokens. */
    usedTokens: total("used_tokens"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    // compaction: the keys with deltas
    index("analytics_tier_rollups_deltas_idx").on(t.orgId, t.day).where(sql`NOT ${t.folded}`),
    // tiers and LLM usage: the organization's days in the range
    index("analytics_tier_rollups_org_day_idx").on(t.orgId, t.day),
  ],
);

/** Steps per their run's creation day and workflow, step type, name and status ('other' unless executed). */
export const analyticsStepRollups = pgTable(
  "analytics_step_rollups",
  {
    id: id(),
    orgId: orgId(),
    day: day(),
    workflowId: uuid("workflow_id"),
    stepType: text("step_type").notNull(),
    stepName: text("step_name").notNull(),
    status: text("status").notNull(),
    steps: count("steps"),
    durations: count("durations"),
    durationSum: total("duration_sum"),
    retries: count("retries"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    // compaction: the keys with deltas
    index("analytics_step_rollups_deltas_idx").on(t.orgId, t.day).where(sql`NOT ${t.folded}`),
    // node statistics and the per-workflow summary: the organization's days in the range
    index("analytics_step_rollups_org_day_idx").on(t.orgId, t.day),
  ],
);

/**
 * Duration histogram: runs per channel, executed steps per step type; bins keep two significant digits.
 * A row is one bin (bin, n: the triggers' deltas) or a key's folded bins packed (bins ascending, ns), 0017.
 */
export const analyticsDurationRollups = pgTable(
  "analytics_duration_rollups",
  {
    id: id(),
    orgId: orgId(),
    day: day(),
    kind: text("kind", { enum: ["run", "step"] }).notNull(),
    /** The channel of a run, the step type of a step. */
    dim: text("dim").notNull(),
    bin: bigint("bin", { mode: "number" }),
    n: integer("n"),
    bins: bigint("bins", { mode: "number" }).array(),
    ns: integer("ns").array(),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    // compaction: the keys with deltas
    index("analytics_duration_rollups_deltas_idx").on(t.orgId, t.day).where(sql`NOT ${t.folded}`),
    // p50/p95 of runs or steps: the organization's days in the range
    index("analytics_duration_rollups_org_day_idx").on(t.orgId, t.kind, t.day),
    // packing: the folded one-bin rows
    index("analytics_duration_rollups_unpacked_idx")
      .on(t.orgId, t.day)
      .where(sql`${t.folded} AND ${t.bins} IS NULL`),
    check("analytics_duration_rollups_kind_check", sql`${t.kind} IN ('run', 'step')`),
    check(
      "analytics_duration_rollups_shape_check",
      sql`CASE WHEN ${t.bins} IS NULL THEN ${t.bin} IS NOT NULL AND ${t.n} IS NOT NULL AND ${t.ns} IS NULL
        ELSE ${t.bin} IS NULL AND ${t.n} IS NULL AND ${t.ns} IS NOT NULL AND cardinality(${t.bins}) = cardinality(${t.ns}) END`,
    ),
  ],
);

/** Failed and timed-out steps per day they failed and group (step type, name, normalized message). */
export const analyticsFailureRollups = pgTable(
  "analytics_failure_rollups",
  {
    id: id(),
    orgId: orgId(),
    day: day(),
    stepType: text("step_type").notNull(),
    stepName: text("step_name").notNull(),
    normalizedError: text("normalized_error").notNull(),
    failures: count("failures"),
    /** Distinct runs of the group on this day. */
    runs: count("runs"),
    timeouts: count("timeouts"),
    firstAt: timestamp("first_at", { withTimezone: true }),
    lastAt: timestamp("last_at", { withTimezone: true }),
    exampleError: text("example_error"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    // compaction: the keys with deltas
    index("analytics_failure_rollups_deltas_idx").on(t.orgId, t.day).where(sql`NOT ${t.folded}`),
    // failure groups and trend; the exact recount of one group-day
    index("analytics_failure_rollups_org_day_idx").on(
      t.orgId,
      t.day,
      t.stepType,
      t.stepName,
      t.normalizedError,
    ),
  ],
);

// Week and month rollups (migration 0016_period_rollups): per ISO week (from its Monday) or calendar
// month (from its 1st), UTC, the sum of the period's FOLDED day rows, kept by copy triggers on the day
// tables and folded by compaction like them. A reader takes a whole period as its period rows plus the
// period's unfolded day rows. Same columns as the daily tables with (period, start) for `day`; failure
// groups have their own, recomputed table below (first/last/example cannot be taken back by a delta). The org_start
// indexes are covering in the migration, as the daily ones.
const period = () => text("period", { enum: ["week", "month"] }).notNull();
const start = () => date("start", { mode: "string" }).notNull();
const periodCheck = (name: string, column: AnyPgColumn) =>
  check(`${name}_period_check`, sql`${column} IN ('week', 'month')`);

export const analyticsRunPeriodRollups = pgTable(
  "analytics_run_period_rollups",
  {
    id: id(),
    orgId: orgId(),
    period: period(),
    start: start(),
    channel: text("channel").notNull(),
    workflowId: uuid("workflow_id"),
    status: text("status").notNull(),
    runs: count("runs"),
    durations: count("durations"),
    durationSum: total("duration_sum"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    index("analytics_run_period_rollups_deltas_idx")
      .on(t.orgId, t.period, t.start)
      .where(sql`NOT ${t.folded}`),
    index("analytics_run_period_rollups_org_start_idx").on(t.orgId, t.period, t.start),
    periodCheck("analytics_run_period_rollups", t.period),
  ],
);

export const analyticsTierPeriodRollups = pgTable(
  "analytics_tier_period_rollups",
  {
    id: id(),
    orgId: orgId(),
    period: period(),
    start: start(),
    tier: integer("tier"),
    tierReason: text("tier_reason"),
    llmModel: text("llm_model"),
    status: text("status").notNull(),
    runs: count("runs"),
    tokenRuns: count("token_runs"),
    tokens: total("tokens"),
    usedTokens: total("used_tokens"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    index("analytics_tier_period_rollups_deltas_idx")
      .on(t.orgId, t.period, t.start)
      .where(sql`NOT ${t.folded}`),
    index("analytics_tier_period_rollups_org_start_idx").on(t.orgId, t.period, t.start),
    periodCheck("analytics_tier_period_rollups", t.period),
  ],
);

export const analyticsStepPeriodRollups = pgTable(
  "analytics_step_period_rollups",
  {
    id: id(),
    orgId: orgId(),
    period: period(),
    start: start(),
    workflowId: uuid("workflow_id"),
    stepType: text("step_type").notNull(),
    stepName: text("step_name").notNull(),
    status: text("status").notNull(),
    steps: count("steps"),
    durations: count("durations"),
    durationSum: total("duration_sum"),
    retries: count("retries"),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    index("analytics_step_period_rollups_deltas_idx")
      .on(t.orgId, t.period, t.start)
      .where(sql`NOT ${t.folded}`),
    index("analytics_step_period_rollups_org_start_idx").on(t.orgId, t.period, t.start),
    periodCheck("analytics_step_period_rollups", t.period),
  ],
);

export const analyticsDurationPeriodRollups = pgTable(
  "analytics_duration_period_rollups",
  {
    id: id(),
    orgId: orgId(),
    period: period(),
    start: start(),
    kind: text("kind", { enum: ["run", "step"] }).notNull(),
    dim: text("dim").notNull(),
    bin: bigint("bin", { mode: "number" }),
    n: integer("n"),
    bins: bigint("bins", { mode: "number" }).array(),
    ns: integer("ns").array(),
    folded: folded(),
    createdAt: createdAt(),
  },
  (t) => [
    index("analytics_duration_period_rollups_deltas_idx")
      .on(t.orgId, t.period, t.start)
      .where(sql`NOT ${t.folded}`),
    index("analytics_duration_period_rollups_org_start_idx").on(t.orgId, t.kind, t.period, t.start),
    // packing: the rows not yet packed
    index("analytics_duration_period_rollups_unpacked_idx")
      .on(t.orgId, t.period, t.start)
      .where(sql`NOT ${t.folded} OR ${t.bins} IS NULL`),
    periodCheck("analytics_duration_period_rollups", t.period),
    check("analytics_duration_period_rollups_kind_check", sql`${t.kind} IN ('run', 'step')`),
    check(
      "analytics_duration_period_rollups_shape_check",
      sql`CASE WHEN ${t.bins} IS NULL THEN ${t.bin} IS NOT NULL AND ${t.n} IS NOT NULL AND ${t.ns} IS NULL
        ELSE ${t.bin} IS NULL AND ${t.n} IS NULL AND ${t.ns} IS NOT NULL AND cardinality(${t.bins}) = cardinality(${t.ns}) END`,
    ),
  ],
);

/** Failure groups per week or month: one row per key, recomputed from the period's folded day rows (0016). */
export const analyticsFailurePeriodRollups = pgTable(
  "analytics_failure_period_rollups",
  {
    id: id(),
    orgId: orgId(),
    period: period(),
    start: start(),
    stepType: text("step_type").notNull(),
    stepName: text("step_name").notNull(),
    normalizedError: text("normalized_error").notNull(),
    failures: count("failures"),
    runs: count("runs"),
    timeouts: count("timeouts"),
    firstAt: timestamp("first_at", { withTimezone: true }),
    lastAt: timestamp("last_at", { withTimezone: true }),
    exampleError: text("example_error"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("analytics_failure_period_rollups_key_idx").on(
      t.orgId,
      t.period,
      t.start,
      t.stepType,
      t.stepName,
      t.normalizedError,
    ),
    periodCheck("analytics_failure_period_rollups", t.period),
  ],
);
