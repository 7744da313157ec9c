"use client";

import { useMemo, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  axisProps,
  bucketNouns,
  channelColor,
  channelLabel,
  formatBucket,
  formatBucketLong,
  formatInt,
  formatMs,
  formatPercent,
  tooltipProps,
} from "./chart-config";
import { ChartFrame, legendProps, legendText, MetricSwitch } from "./chart-parts";
import type { ChannelPerformanceData, ChannelPoint } from "./types";

type Metric = "runs" | "successRate" | "avgDurationMs" | "p95DurationMs";
const metrics = [
  { value: "runs", label: "Volume" },
  { value: "successRate", label: "Success rate" },
  { value: "avgDurationMs", label: "Avg duration" },
  { value: "p95DurationMs", label: "p95 duration" },
] as const satisfies readonly { value: Metric; label: string }[];

const formatters: Record<Metric, (n: number | null) => string> = {
  runs: formatInt,
  successRate: formatPercent,
  avgDurationMs: formatMs,
  p95DurationMs: formatMs,
};

type Row = { bucket: string } & Record<string, number | string | null>;

/** Volume (stacked bars) or success rate / average / p95 duration (lines) per channel over time. */
export function ChannelPerformanceChart({ data }: { data: ChannelPerformanceData }) {
  const [metric, setMetric] = useState<Metric>("runs");
  const rows = useMemo(() => pivot(data.buckets, data.series, metric), [data, metric]);
  const noun = bucketNouns[data.bucket];
  const format = formatters[metric];
  const label = `${metrics.find((m) => m.value === metric)?.label} per ${noun} by channel. ${data.totals
    .map(
      (t) =>
        `${channelLabel(t.channel)}: ${formatInt(t.runs)} runs, ${formatPercent(t.successRate)} success, average ${formatMs(t.avgDurationMs)}, p95 ${formatMs(t.p95DurationMs)}`,
    )
    .join("; ")}.`;
  const common = {
    data: rows,
    accessibilityLayer: false,
    margin: { top: 8, right: 8, bottom: 0, left: 0 },
  } as const;
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
      <XAxis
        dataKey="bucket"
        {...axisProps}
        tickFormatter={(b: string) => formatBucket(b, data.bucket)}
        minTickGap={16}
      />
      <YAxis
        {...axisProps}
        axisLine={false}
        width={56}
        allowDecimals={metric !== "runs"}
        domain={metric === "successRate" ? [0, 100] : [0, "auto"]}
        tickFormatter={(v: number) => format(v)}
      />
      <Tooltip
        {...tooltipProps}
        labelFormatter={(b) => formatBucketLong(String(b), data.bucket)}
        formatter={(v, name) => [format(typeof v === "number" ? v : null), channelLabel(String(name))]}
      />
      <Legend {...legendProps} formatter={(v) => legendText(channelLabel(String(v)))} />
    </>
  );
  return (
    <>
      <MetricSwitch label="Measure" options={metrics} value={metric} onChange={setMetric} />
      <ChartFrame label={label}>
        <ResponsiveContainer width="100%" height="100%">
          {metric === "runs" ? (
            <BarChart {...common}>
              {axes}
              {data.channels.map((c, i) => (
                <Bar
                  key={c}
                  dataKey={c}
                  stackId="runs"
                  fill={channelColor(c, i)}
                  isAnimationActive={false}
                  maxBarSize={28}
                />
              ))}
            </BarChart>
          ) : (
            <LineChart {...common}>
              {axes}
              {data.channels.map((c, i) => (
                <Line
                  key={c}
                  dataKey={c}
                  type="monotone"
                  stroke={channelColor(c, i)}
                  strokeWidth={2}
                  dot={{ r: 2, fill: channelColor(c, i) }}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </ChartFrame>
    </>
  );
}

function pivot(buckets: string[], series: ChannelPoint[], metric: Metric): Row[] {
  const byBucket = new Map<string, Row>(buckets.map((b) => [b, { bucket: b }]));
  for (const p of series) {
    const row = byBucket.get(p.bucket);
    if (row) row[p.channel] = p[metric];
  }
  return [...byBucket.values()];
}
