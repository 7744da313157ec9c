import { otherColor, seriesColors } from "./chart-config";
import type { FailureGroupRow } from "./types";

/** How many failure groups get their own series; the rest are summed as "Other". */
export const TOP_FAILURE_GROUPS = 5;

export const failureGroupLabel = (g: Pick<FailureGroupRow, "stepName" | "normalizedError">, max = 60) => {
  const text = `${g.stepName}: ${g.normalizedError}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** Colour of a group by its rank: the top groups share the series palette, the rest are grey. */
export function failureGroupColors(groups: FailureGroupRow[]): Map<string, string> {
  return new Map(
    groups.map((g, i) => [
      g.groupKey,
      i < TOP_FAILURE_GROUPS ? (seriesColors[i % seriesColors.length] ?? otherColor) : otherColor,
    ]),
  );
}
