"use client";

import { Cell, Label, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { formatInt, formatPercent, tierColor, tierLabel, tooltipProps } from "./chart-config";
import { ChartFrame, legendProps } from "./chart-parts";
import type { TierSliceRow } from "./types";

/** Share of runs per processing tier (donut), the total in the middle. */
export function TierDistributionChart({ rows }: { rows: TierSliceRow[] }) {
  const total = rows.reduce((sum, r) => sum + r.runs, 0);
  const slices = rows.map((r) => ({ ...r, name: tierLabel(r.tier) }));
  const label = `Runs by tier, ${formatInt(total)} in total. ${slices
    .map(
      (s) =>
        `${s.name}: ${formatInt(s.runs)} runs (${formatPercent(s.share)}), ${formatPercent(s.successRate)} success`,
    )
    .join("; ")}.`;
  return (
    <ChartFrame label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <PieChart accessibilityLayer={false}>
          <Tooltip
            {...tooltipProps}
            formatter={(v, name) => [
              `${formatInt(typeof v === "number" ? v : null)} runs (${formatPercent(
                typeof v === "number" && total > 0 ? (100 * v) / total : null,
              )})`,
              String(name),
            ]}
          />
          <Legend {...legendProps} layout="vertical" align="right" verticalAlign="middle" />
          <Pie
            data={slices}
            dataKey="runs"
            nameKey="name"
            innerRadius="58%"
            outerRadius="85%"
            paddingAngle={1}
            rootTabIndex={-1}
            stroke="var(--chart-tooltip-bg)"
            isAnimationActive={false}
          >
            {slices.map((s) => (
              <Cell key={s.name} fill={tierColor(s.tier)} />
            ))}
            <Label
              value={`${formatInt(total)} runs`}
              position="center"
              fill="var(--chart-text)"
              fontSize={14}
              fontWeight={600}
            />
          </Pie>
        </PieChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
