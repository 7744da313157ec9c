"use client";

import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  axisProps,
  formatDecimalOrInt,
  formatInt,
  formatMs,
  formatPercent,
  stepTypeLabel,
  tooltipProps,
} from "./chart-config";
import { ChartFrame, legendProps, MetricSwitch } from "./chart-parts";
import type { NodeStatsData, NodeStatsRow } from "./types";

/** Round durations for the log axis: 1 ms … 1 h. */
const DURATION_TICKS = [1, 10, 100, 1000, 10_000, 60_000, 600_000, 3_600_000];

type Metric = "duration" | "failureRate" | "retries";
const metrics = [
  { value: "duration", label: "Duration (p50 / p95, log scale)" },
  { value: "failureRate", label: "Failure rate" },
  { value: "retries", label: "Retries per execution" },
] as const satisfies readonly { value: Metric; label: string }[];

/**
 * Per step type, sorted by the chosen measure; the bottleneck (highest p95, or highest failure
 * rate) is drawn in the alert colour.
 */
export function NodeStatsChart({ data }: { data: NodeStatsData }) {
  const [metric, setMetric] = useState<Metric>("duration");
  const key = (r: NodeStatsRow) =>
    metric === "duration"
      ? (r.p95DurationMs ?? 0)
      : metric === "failureRate"
        ? (r.failureRate ?? 0)
        : (r.avgRetries ?? 0);
  // durations span milliseconds (a todo) to minutes (a voice call): a log axis keeps every bar
  // readable, and a log axis has no zero, so empty durations are left out rather than drawn as 0
  const positive = (n: number | null) => (n !== null && n > 0 ? n : null);
  const rows = [...data.rows]
    .sort((a, b) => key(b) - key(a))
    .map((r) => ({
      ...r,
      label: stepTypeLabel(r.stepType),
      p50: positive(r.p50DurationMs),
      p95: positive(r.p95DurationMs),
    }));
  const durations = rows.flatMap((r) => [r.p50, r.p95]).filter((n): n is number => n !== null);
  const low = durations.length ? 10 ** Math.floor(Math.log10(Math.min(...durations))) : 1;
  const high = durations.length ? 10 ** Math.ceil(Math.log10(Math.max(...durations))) : 1000;
  const logTicks = DURATION_TICKS.filter((t) => t >= low && t <= high);
  const flagged = metric === "failureRate" ? data.mostFailing : metric === "duration" ? data.slowest : null;
  const colour = (r: NodeStatsRow) => (r.stepType === flagged ? "var(--chart-alert)" : "var(--chart-bar)");
  const slowest = data.rows.find((r) => r.stepType === data.slowest);
  const failing = data.rows.find((r) => r.stepType === data.mostFailing);
  const label = [
    `${metrics.find((m) => m.value === metric)?.label} per step type, ${rows.length} types.`,
    slowest ? `Slowest: ${stepTypeLabel(slowest.stepType)}, p95 ${formatMs(slowest.p95DurationMs)}.` : "",
    failing
      ? `Most failing: ${stepTypeLabel(failing.stepType)}, ${formatPercent(failing.failureRate)} of ${formatInt(failing.executions)} executions.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  const height = Math.max(180, rows.length * (metric === "duration" ? 40 : 30) + 60);
  const format =
    metric === "duration" ? formatMs : metric === "failureRate" ? formatPercent : formatDecimalOrInt;
  return (
    <>
      <MetricSwitch label="Measure" options={metrics} value={metric} onChange={setMetric} />
      <ChartFrame label={label} height={height}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
            barGap={2}
          >
            <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
            {metric === "duration" ? (
              <XAxis
                type="number"
                scale="log"
                domain={[low, high]}
                ticks={logTicks}
                interval={0}
                allowDataOverflow
                {...axisProps}
                tickFormatter={(v: number) => format(v)}
              />
            ) : (
              <XAxis type="number" {...axisProps} tickFormatter={(v: number) => format(v)} />
            )}
            <YAxis type="category" dataKey="label" {...axisProps} axisLine={false} width={150} interval={0} />
            <Tooltip
              {...tooltipProps}
              formatter={(v, name) => [format(typeof v === "number" ? v : null), String(name)]}
            />
            {metric === "duration" ? (
              <>
                <Legend {...legendProps} />
                <Bar
                  dataKey="p50"
                  name="p50"
                  fill="var(--chart-bar-muted)"
                  isAnimationActive={false}
                  maxBarSize={14}
                />
                <Bar
                  dataKey="p95"
                  name="p95"
                  fill="var(--chart-bar)"
                  isAnimationActive={false}
                  maxBarSize={14}
                >
                  {rows.map((r) => (
                    <Cell key={r.stepType} fill={colour(r)} />
                  ))}
                </Bar>
              </>
            ) : (
              <Bar
                dataKey={metric === "failureRate" ? "failureRate" : "avgRetries"}
                name={metric === "failureRate" ? "Failure rate" : "Retries per execution"}
                fill="var(--chart-bar)"
                isAnimationActive={false}
                maxBarSize={18}
              >
                {rows.map((r) => (
                  <Cell key={r.stepType} fill={colour(r)} />
                ))}
              </Bar>
            )}
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
    </>
  );
}
