"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  axisProps,
  bucketNouns,
  formatBucket,
  formatBucketLong,
  formatCompact,
  formatInt,
  otherColor,
  seriesColors,
  tooltipProps,
} from "./chart-config";
import { ChartFrame, legendProps } from "./chart-parts";
import type { LlmUsageData } from "./types";

/** LLM tokens per bucket, stacked by model. */
export function LlmTokensChart({ data }: { data: LlmUsageData }) {
  const index = new Map<string, Record<string, string | number>>(data.buckets.map((b) => [b, { bucket: b }]));
  for (const p of data.series) {
    const row = index.get(p.bucket);
    if (row) row[p.model] = p.tokens;
  }
  const rows = [...index.values()];
  const color = (i: number) => seriesColors[i % seriesColors.length] ?? otherColor;
  const total = data.models.reduce((sum, m) => sum + m.tokens, 0);
  const label = `LLM tokens per ${bucketNouns[data.bucket]} by model, ${formatInt(total)} in total. ${data.models
    .map((m) => `${m.model}: ${formatInt(m.tokens)} tokens over ${formatInt(m.runs)} runs`)
    .join("; ")}.`;
  return (
    <ChartFrame label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
          <XAxis
            dataKey="bucket"
            {...axisProps}
            tickFormatter={(b: string) => formatBucket(b, data.bucket)}
            minTickGap={16}
          />
          <YAxis {...axisProps} axisLine={false} width={48} tickFormatter={(v: number) => formatCompact(v)} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(b) => formatBucketLong(String(b), data.bucket)}
            formatter={(v, name) => [`${formatInt(typeof v === "number" ? v : null)} tokens`, String(name)]}
          />
          <Legend {...legendProps} />
          {data.models.map((m, i) => (
            <Area
              key={m.model}
              dataKey={m.model}
              stackId="tokens"
              type="monotone"
              stroke={color(i)}
              fill={color(i)}
              fillOpacity={0.35}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
