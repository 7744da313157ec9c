import { ScrollRegion } from "./scroll-region";
import Link from "next/link";
import { formatDateTime, formatDay, formatInt, stepTypeLabel } from "./chart-config";
import { failureGroupColors } from "./failure-groups";
import type { FailureGroupRow } from "./types";

/**
 * Failed steps grouped by step and normalized message, largest first. Each message links to the
 * group's runs for the same period; the swatch matches the group's colour in the trend chart.
 */
export function FailureGroupsTable({
  groups,
  rangeQuery,
}: {
  groups: FailureGroupRow[];
  rangeQuery: string;
}) {
  const colors = failureGroupColors(groups);
  return (
    <ScrollRegion label="Failure groups, table" className="max-h-[26rem]">
      <table className="w-full border-collapse text-left text-sm" data-testid="failure-groups">
        <caption className="sr-only">
          Failed steps grouped by step and normalized error message, with links to their runs
        </caption>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Error and step
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Failures
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Runs
            </th>
            <th scope="col" className="whitespace-nowrap px-3 py-2 text-right font-medium">
              Last seen
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {groups.map((g) => (
            <tr key={g.groupKey} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/50">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="flex items-start gap-2">
                  <span
                    aria-hidden="true"
                    className="mt-1.5 size-2 shrink-0 rounded-full"
                    style={{ background: colors.get(g.groupKey) }}
                  />
                  <span className="min-w-0">
                    <Link
                      href={`/analytics/failures/${g.groupKey}?${rangeQuery}`}
                      className="break-words font-mono text-xs font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                    >
                      {g.normalizedError}
                    </Link>
                    <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
                      {g.stepName} · {stepTypeLabel(g.stepType)}
                      {g.timeouts > 0 ? (
                        <span className="ml-2 rounded bg-orange-100 px-1.5 py-0.5 text-[11px] font-medium text-orange-800 dark:bg-orange-950 dark:text-orange-200">
                          {g.timeouts === g.failures ? "timeouts" : `${formatInt(g.timeouts)} timeouts`}
                        </span>
                      ) : null}
                    </span>
                  </span>
                </span>
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{formatInt(g.failures)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatInt(g.runs)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right text-xs text-slate-600 dark:text-slate-400">
                <time dateTime={g.lastFailedAt} title={formatDateTime(g.lastFailedAt)}>
                  {formatDay(g.lastFailedAt)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
