"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, formatInt, formatMs, formatPercent, outcomeSeries, tooltipProps } from "./chart-config";
import { ChartFrame, legendProps } from "./chart-parts";
import type { WorkflowSummaryRow } from "./types";

/** Runs per workflow, split by outcome (horizontal stacked bars, busiest workflow first). */
export function WorkflowSummaryChart({ rows }: { rows: WorkflowSummaryRow[] }) {
  const present = outcomeSeries.filter((s) => rows.some((r) => r[s.key] > 0));
  const label = `Runs per workflow by outcome. ${rows
    .map(
      (r) =>
        `${r.workflowName}: ${formatInt(r.runs)} runs, ${formatPercent(r.successRate)} success, average ${formatMs(r.avgDurationMs)}, ${formatInt(r.retries)} retries`,
    )
    .join("; ")}.`;
  const height = Math.max(160, rows.length * 44 + 70);
  return (
    <ChartFrame label={label} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          layout="vertical"
          accessibilityLayer={false}
          margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis type="number" {...axisProps} allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="workflowName"
            {...axisProps}
            axisLine={false}
            width={160}
            interval={0}
            tickFormatter={(n: string) => (n.length > 24 ? `${n.slice(0, 23)}…` : n)}
          />
          <Tooltip
            {...tooltipProps}
            formatter={(v, name) => [formatInt(typeof v === "number" ? v : null), String(name)]}
          />
          <Legend {...legendProps} />
          {present.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="outcome"
              fill={s.color}
              isAnimationActive={false}
              maxBarSize={22}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
