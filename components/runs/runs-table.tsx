"use client";

import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { RunSort } from "@/lib/ui/run-filters";
import { channelLabels, type RunSummary } from "@/lib/ui/runs";
import { formatDuration } from "@/lib/ui/time";
import { RunStatusBadge } from "./status-badge";

type SortColumn = "created_at" | "duration_ms" | "status" | "title";

function SortHeader({
  column,
  label,
  sort,
  onSort,
  className = "",
}: {
  column: SortColumn;
  label: string;
  sort: RunSort;
  onSort: (c: SortColumn) => void;
  className?: string;
}) {
  const dir = sort === column ? "ascending" : sort === `-${column}` ? "descending" : "none";
  return (
    <th scope="col" aria-sort={dir} className={`px-3 py-2.5 text-left font-medium ${className}`}>
      <button
        type="button"
        onClick={() => onSort(column)}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 dark:hover:text-white"
      >
        {label}
        <span aria-hidden="true" className={dir === "none" ? "text-slate-600 dark:text-slate-400" : ""}>
          {dir === "ascending" ? "▲" : dir === "descending" ? "▼" : "↕"}
        </span>
        <span className="sr-only">
          {dir === "none" ? ", sortable" : `, sorted ${dir}; activate to reverse`}
        </span>
      </button>
    </th>
  );
}

function RunProgress({ run }: { run: RunSummary }) {
  const pct = run.progress.percentage ?? 0;
  return (
    <div className="flex min-w-24 items-center gap-2">
      <div
        className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        aria-hidden="true"
      >
        <div
          className={`h-full rounded-full ${run.status === "failed" || run.status === "timeout" ? "bg-red-500" : run.status === "completed" ? "bg-emerald-500" : "bg-brand-500"}`}
          style={{ width: `${Math.min(100, Math.max(0, pct))}%` }}
        />
      </div>
      <span className="tabular-nums text-xs text-slate-600 dark:text-slate-400">
        {run.total_resumes > 0 ? `${run.processed_resumes}/${run.total_resumes}` : `${Math.round(pct)}%`}
      </span>
    </div>
  );
}

export function RunsTable({
  runs,
  sort,
  onSort,
  selectable,
  selected,
  onToggle,
  onToggleAll,
  showOwner,
}: {
  runs: RunSummary[];
  sort: RunSort;
  onSort: (c: SortColumn) => void;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: (all: boolean) => void;
  showOwner: boolean;
}) {
  const allSelected = runs.length > 0 && runs.every((r) => selected.has(r.workflow_id));
  const someSelected = !allSelected && runs.some((r) => selected.has(r.workflow_id));
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full min-w-[720px] text-sm" data-testid="runs-table">
        <caption className="sr-only">Workflow runs</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400">
          <tr>
            {selectable ? (
              <th scope="col" className="w-10 px-3 py-2.5">
                <input
                  type="checkbox"
                  aria-label="Select all runs on this page"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected;
                  }}
                  onChange={(e) => onToggleAll(e.target.checked)}
                  className="h-4 w-4 rounded border-slate-300 accent-brand-600"
                />
              </th>
            ) : null}
            <SortHeader column="title" label="Run" sort={sort} onSort={onSort} />
            <SortHeader column="status" label="Status" sort={sort} onSort={onSort} />
            <th scope="col" className="hidden px-3 py-2.5 text-left font-medium lg:table-cell">
              Channel
            </th>
            {showOwner ? (
              <th scope="col" className="px-3 py-2.5 text-left font-medium">
                Started by
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2.5 text-left font-medium">
              Progress
            </th>
            <SortHeader column="created_at" label="Created" sort={sort} onSort={onSort} />
            <SortHeader
              column="duration_ms"
              label="Duration"
              sort={sort}
              onSort={onSort}
              className="text-right"
            />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {runs.map((r) => {
            const title = r.title ?? r.jd_title ?? r.workflow?.name ?? "Untitled run";
            const isSelected = selected.has(r.workflow_id);
            return (
              <tr
                key={r.id}
                data-run={r.workflow_id}
                className={`${isSelected ? "bg-brand-50 dark:bg-slate-800/60" : "hover:bg-slate-50 dark:hover:bg-slate-800/40"}`}
              >
                {selectable ? (
                  <td className="px-3 py-2.5">
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.workflow_id}`}
                      checked={isSelected}
                      onChange={() => onToggle(r.workflow_id)}
                      className="h-4 w-4 rounded border-slate-300 accent-brand-600"
                    />
                  </td>
                ) : null}
                <td className="max-w-[22rem] px-3 py-2.5">
                  <Link
                    href={`/runs/${r.workflow_id}`}
                    className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline dark:text-slate-100 dark:hover:text-brand-100"
                  >
                    {title}
                  </Link>
                  <p className="truncate text-xs text-slate-600 dark:text-slate-400">
                    <span className="font-mono">{r.workflow_id}</span>
                    {r.jd_id ? <span> · {r.jd_id}</span> : null}
                    {r.workflow?.name && r.workflow.name !== title ? <span> · {r.workflow.name}</span> : null}
                    {r.source === "import" ? <span> · imported</span> : null}
                  </p>
                </td>
                <td className="px-3 py-2.5">
                  <RunStatusBadge status={r.status} />
                </td>
                <td className="hidden px-3 py-2.5 text-slate-700 lg:table-cell dark:text-slate-300">
                  {channelLabels[r.channel] ?? r.channel}
                </td>
                {showOwner ? (
                  <td className="max-w-40 truncate px-3 py-2.5 text-slate-700 dark:text-slate-300">
                    {r.started_by_name ?? "—"}
                  </td>
                ) : null}
                <td className="px-3 py-2.5">
                  <RunProgress run={r} />
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-slate-700 dark:text-slate-300">
                  <RelativeTime iso={r.created_at} />
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-right tabular-nums text-slate-700 dark:text-slate-300">
                  {formatDuration(r.duration_ms)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
