import { formatCompact, formatInt, formatMs, formatPercent } from "./chart-config";

export type Overview = {
  runs: number;
  finished: number;
  completed: number;
  failed: number;
  successRate: number | null;
  avgDurationMs: number | null;
  p95DurationMs: number | null;
  failedSteps: number;
  llmTokens: number;
};

/** The headline figures of the period. */
export function KpiCards({ overview: o }: { overview: Overview }) {
  const items = [
    { label: "Runs", value: formatInt(o.runs), note: `${formatInt(o.runs - o.finished)} still in progress` },
    {
      label: "Success rate",
      value: formatPercent(o.successRate),
      note: `${formatInt(o.completed)} of ${formatInt(o.finished)} finished runs`,
    },
    {
      label: "Run duration",
      value: formatMs(o.avgDurationMs),
      note: `average · p95 ${formatMs(o.p95DurationMs)}`,
    },
    {
      label: "Failed steps",
      value: formatInt(o.failedSteps),
      note: `${formatInt(o.failed)} runs failed or timed out`,
    },
    { label: "LLM tokens", value: formatCompact(o.llmTokens), note: `${formatInt(o.llmTokens)} tokens` },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5" data-testid="kpis">
      {items.map((i) => (
        <div
          key={i.label}
          className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {i.label}
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums tracking-tight">{i.value}</dd>
          <dd className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{i.note}</dd>
        </div>
      ))}
    </dl>
  );
}
