"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  axisProps,
  bucketNouns,
  formatBucket,
  formatBucketLong,
  formatInt,
  otherColor,
  tooltipProps,
} from "./chart-config";
import { ChartFrame, legendProps } from "./chart-parts";
import { failureGroupColors, failureGroupLabel, TOP_FAILURE_GROUPS } from "./failure-groups";
import type { FailureTrendData } from "./types";

const OTHER = "other";

/** Failed steps per bucket, stacked by the largest failure groups (the rest as "Other"). */
export function FailureTrendChart({ data }: { data: FailureTrendData }) {
  const top = data.groups.slice(0, TOP_FAILURE_GROUPS);
  const topKeys = new Set(top.map((g) => g.groupKey));
  const colors = failureGroupColors(data.groups);
  const hasOther = data.groups.length > top.length;
  const rows = data.buckets.map((bucket) => {
    const row: Record<string, string | number> = { bucket };
    for (const g of top) row[g.groupKey] = 0;
    if (hasOther) row[OTHER] = 0;
    return row;
  });
  const index = new Map(rows.map((r) => [r.bucket as string, r]));
  for (const p of data.trend) {
    const row = index.get(p.bucket);
    if (!row) continue;
    const key = topKeys.has(p.groupKey) ? p.groupKey : OTHER;
    row[key] = Number(row[key] ?? 0) + p.failures;
  }
  const names = new Map<string, string>([
    ...top.map((g) => [g.groupKey, failureGroupLabel(g, 48)] as const),
    [OTHER, `Other (${data.groups.length - top.length} groups)`],
  ]);
  const total = data.totals.reduce((sum, p) => sum + p.failures, 0);
  const peak = data.totals.reduce((best, p) => (p.failures > best.failures ? p : best), {
    bucket: "",
    failures: 0,
  });
  const label =
    `Failed steps per ${bucketNouns[data.bucket]}, ${formatInt(total)} in total across ${data.groups.length} groups` +
    (peak.bucket
      ? `; peak ${formatInt(peak.failures)} on ${formatBucketLong(peak.bucket, data.bucket)}`
      : "") +
    `. Largest groups: ${top.map((g) => `${failureGroupLabel(g)} (${formatInt(g.failures)})`).join("; ")}.`;
  return (
    <ChartFrame label={label} height="h-80">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
          <XAxis
            dataKey="bucket"
            {...axisProps}
            tickFormatter={(b: string) => formatBucket(b, data.bucket)}
            minTickGap={16}
          />
          <YAxis {...axisProps} axisLine={false} width={40} allowDecimals={false} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(b) => formatBucketLong(String(b), data.bucket)}
            formatter={(v, name) => [formatInt(typeof v === "number" ? v : null), String(name)]}
          />
          <Legend {...legendProps} />
          {[...top.map((g) => g.groupKey), ...(hasOther ? [OTHER] : [])].map((key) => (
            <Bar
              key={key}
              dataKey={key}
              name={names.get(key)}
              stackId="failures"
              fill={key === OTHER ? otherColor : colors.get(key)}
              isAnimationActive={false}
              maxBarSize={28}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
