// The data the Analytics charts take: plain, serializable values (no Dates), as the server page
// reads them from db/queries/analytics.ts. Components never import db/, so the shapes are
// restated here; the page's call sites check that the two agree.

import type { BucketUnit } from "./chart-config";

export type ChannelPoint = {
  bucket: string;
  channel: string;
  runs: number;
  finished: number;
  completed: number;
  successRate: number | null;
  avgDurationMs: number | null;
  p95DurationMs: number | null;
};
export type ChannelTotals = {
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
export type ChannelPerformanceData = {
  bucket: BucketUnit;
  buckets: string[];
  channels: string[];
  series: ChannelPoint[];
  totals: ChannelTotals[];
};

export type NodeStatsRow = {
  stepType: string;
  stepNames: string[];
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
export type NodeStatsData = { rows: NodeStatsRow[]; slowest: string | null; mostFailing: string | null };

export type FailureGroupRow = {
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
export type FailureTrendData = {
  bucket: BucketUnit;
  buckets: string[];
  groups: FailureGroupRow[];
  trend: { bucket: string; groupKey: string; failures: number }[];
  totals: { bucket: string; failures: number }[];
};

export type WorkflowSummaryRow = {
  workflowId: string | null;
  workflowName: string;
  runs: number;
  completed: number;
  failed: number;
  timedOut: number;
  cancelled: number;
  open: number;
  successRate: number | null;
  avgDurationMs: number | null;
  avgSteps: number | null;
  retries: number;
};

export type LlmUsageData = {
  bucket: BucketUnit;
  buckets: string[];
  models: { model: string; runs: number; tokens: number; avgTokensPerRun: number }[];
  series: { bucket: string; model: string; tokens: number; runs: number }[];
};

export type TierSliceRow = {
  tier: number | null;
  runs: number;
  share: number | null;
  completed: number;
  successRate: number | null;
  llmTokens: number;
  topReason: string | null;
};

/** A column of a chart's table alternative and CSV file. */
export type ColumnKind = "text" | "int" | "decimal" | "percent" | "ms" | "bucket" | "datetime";
export type TableColumn = {
  /** CSV header (snake_case) and row key. */
  key: string;
  /** Table header. */
  label: string;
  kind?: ColumnKind;
};
export type TableCell = string | number | null;
export type TableRow = Record<string, TableCell>;
export type TableSpec = { caption: string; columns: TableColumn[]; rows: TableRow[]; bucket?: BucketUnit };
