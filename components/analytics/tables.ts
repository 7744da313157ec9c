// The table alternative (and CSV) of each chart, built from the same data the chart draws.
// Raw values go in (milliseconds, percentages as numbers); the table formats them by column kind.

import { channelLabel, stepTypeLabel, tierLabel } from "./chart-config";

import type {
  ChannelPerformanceData,
  FailureTrendData,
  LlmUsageData,
  NodeStatsData,
  TableSpec,
  TierSliceRow,
  WorkflowSummaryRow,
} from "./types";

export function channelTable(d: ChannelPerformanceData): TableSpec {
  return {
    caption: `Channel performance per ${d.bucket}`,
    bucket: d.bucket,
    columns: [
      {
        key: "bucket",
        label: d.bucket === "day" ? "Day" : d.bucket === "week" ? "Week" : "Month",
        kind: "bucket",
      },
      { key: "channel", label: "Channel" },
      { key: "runs", label: "Runs", kind: "int" },
      { key: "finished", label: "Finished", kind: "int" },
      { key: "completed", label: "Completed", kind: "int" },
      { key: "success_rate_pct", label: "Success rate", kind: "percent" },
      { key: "avg_duration_ms", label: "Avg duration", kind: "ms" },
      { key: "p95_duration_ms", label: "p95 duration", kind: "ms" },
    ],
    rows: d.series.map((p) => ({
      bucket: p.bucket,
      channel: channelLabel(p.channel),
      runs: p.runs,
      finished: p.finished,
      completed: p.completed,
      success_rate_pct: p.successRate,
      avg_duration_ms: p.avgDurationMs,
      p95_duration_ms: p.p95DurationMs,
    })),
  };
}

export function nodeStatsTable(d: NodeStatsData): TableSpec {
  return {
    caption: "Node execution statistics per step type",
    columns: [
      { key: "step_type", label: "Step type" },
      { key: "step_names", label: "Steps" },
      { key: "executions", label: "Executions", kind: "int" },
      { key: "failed", label: "Failed", kind: "int" },
      { key: "timed_out", label: "Timed out", kind: "int" },
      { key: "failure_rate_pct", label: "Failure rate", kind: "percent" },
      { key: "p50_duration_ms", label: "p50", kind: "ms" },
      { key: "p95_duration_ms", label: "p95", kind: "ms" },
      { key: "avg_duration_ms", label: "Average", kind: "ms" },
      { key: "max_duration_ms", label: "Max", kind: "ms" },
      { key: "retries", label: "Retries", kind: "int" },
      { key: "avg_retries", label: "Retries / execution", kind: "decimal" },
      { key: "bottleneck", label: "Bottleneck" },
    ],
    rows: d.rows.map((r) => ({
      step_type: stepTypeLabel(r.stepType),
      step_names: r.stepNames.join(", "),
      executions: r.executions,
      failed: r.failed,
      timed_out: r.timedOut,
      failure_rate_pct: r.failureRate,
      p50_duration_ms: r.p50DurationMs,
      p95_duration_ms: r.p95DurationMs,
      avg_duration_ms: r.avgDurationMs,
      max_duration_ms: r.maxDurationMs,
      retries: r.retries,
      avg_retries: r.avgRetries,
      bottleneck:
        [r.stepType === d.slowest ? "slowest (p95)" : "", r.stepType === d.mostFailing ? "most failing" : ""]
          .filter(Boolean)
          .join(", ") || null,
    })),
  };
}

export function failureTrendTable(d: FailureTrendData): TableSpec {
  const groups = new Map(d.groups.map((g) => [g.groupKey, g]));
  return {
    caption: `Failed steps per ${d.bucket} and failure group`,
    bucket: d.bucket,
    columns: [
      {
        key: "bucket",
        label: d.bucket === "day" ? "Day" : d.bucket === "week" ? "Week" : "Month",
        kind: "bucket",
      },
      { key: "step", label: "Step" },
      { key: "error", label: "Error (normalized)" },
      { key: "failures", label: "Failures", kind: "int" },
      { key: "group_key", label: "Group" },
    ],
    rows: d.trend.map((p) => {
      const g = groups.get(p.groupKey);
      return {
        bucket: p.bucket,
        step: g ? g.stepName : null,
        error: g ? g.normalizedError : null,
        failures: p.failures,
        group_key: p.groupKey,
      };
    }),
  };
}

export const failureGroupsCsv = (d: FailureTrendData) => ({
  columns: [
    { key: "group_key", label: "Group" },
    { key: "step_type", label: "Step type" },
    { key: "step_name", label: "Step" },
    { key: "error", label: "Error (normalized)" },
    { key: "example", label: "Example" },
    { key: "failures", label: "Failures" },
    { key: "runs", label: "Runs" },
    { key: "timeouts", label: "Timeouts" },
    { key: "first_failed_at", label: "First" },
    { key: "last_failed_at", label: "Last" },
  ],
  rows: d.groups.map((g) => ({
    group_key: g.groupKey,
    step_type: g.stepType,
    step_name: g.stepName,
    error: g.normalizedError,
    example: g.exampleError,
    failures: g.failures,
    runs: g.runs,
    timeouts: g.timeouts,
    first_failed_at: g.firstFailedAt,
    last_failed_at: g.lastFailedAt,
  })),
});

export function workflowTable(rows: WorkflowSummaryRow[]): TableSpec {
  return {
    caption: "Execution summary per workflow",
    columns: [
      { key: "workflow", label: "Workflow" },
      { key: "runs", label: "Runs", kind: "int" },
      { key: "completed", label: "Completed", kind: "int" },
      { key: "failed", label: "Failed", kind: "int" },
      { key: "timed_out", label: "Timed out", kind: "int" },
      { key: "cancelled", label: "Cancelled", kind: "int" },
      { key: "in_progress", label: "In progress", kind: "int" },
      { key: "success_rate_pct", label: "Success rate", kind: "percent" },
      { key: "avg_duration_ms", label: "Avg duration", kind: "ms" },
      { key: "avg_steps", label: "Avg steps", kind: "decimal" },
      { key: "retries", label: "Retries", kind: "int" },
    ],
    rows: rows.map((r) => ({
      workflow: r.workflowName,
      runs: r.runs,
      completed: r.completed,
      failed: r.failed,
      timed_out: r.timedOut,
      cancelled: r.cancelled,
      in_progress: r.open,
      success_rate_pct: r.successRate,
      avg_duration_ms: r.avgDurationMs,
      avg_steps: r.avgSteps,
      retries: r.retries,
    })),
  };
}

export function llmTable(d: LlmUsageData): TableSpec {
  return {
    caption: `LLM token usage per ${d.bucket} and model`,
    bucket: d.bucket,
    columns: [
      {
        key: "bucket",
        label: d.bucket === "day" ? "Day" : d.bucket === "week" ? "Week" : "Month",
        kind: "bucket",
      },
      { key: "model", label: "Model" },
      { key: "runs", label: "Runs", kind: "int" },
      { key: "tokens", label: "Tokens", kind: "int" },
    ],
    rows: d.series.map((p) => ({ bucket: p.bucket, model: p.model, runs: p.runs, tokens: p.tokens })),
  };
}

export function tierTable(rows: TierSliceRow[]): TableSpec {
  return {
    caption: "Runs per tier",
    columns: [
      { key: "tier", label: "Tier" },
      { key: "runs", label: "Runs", kind: "int" },
      { key: "share_pct", label: "Share", kind: "percent" },
      { key: "success_rate_pct", label: "Success rate", kind: "percent" },
      { key: "llm_tokens", label: "LLM tokens", kind: "int" },
      { key: "usual_reason", label: "Usual reason" },
    ],
    rows: rows.map((r) => ({
      tier: tierLabel(r.tier),
      runs: r.runs,
      share_pct: r.share,
      success_rate_pct: r.successRate,
      llm_tokens: r.llmTokens,
      usual_reason: r.topReason,
    })),
  };
}
