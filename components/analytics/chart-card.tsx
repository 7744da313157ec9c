"use client";

import { type ReactNode, useState } from "react";
import { CsvButton } from "./csv-button";
import { DataTable } from "./data-table";
import type { TableSpec } from "./types";

type View = "chart" | "table";

export type ChartCardProps = {
  /** Stable id: names the heading, the test id and the CSV file. */
  id: string;
  title: string;
  description?: string;
  /** The finding in one or two sentences, shown under the title. */
  insight?: ReactNode;
  /** The table alternative, also the CSV's content. */
  table: TableSpec;
  /** `<id>-<range>.csv` */
  csvName: string;
  /** Shown instead of the chart and table when the range has nothing to show. */
  emptyMessage?: string | null;
  className?: string;
  children: ReactNode;
};

/**
 * The frame every Analytics chart sits in: title, a Chart/Table switch (the table is the chart's
 * accessible alternative) and a CSV download built in the browser from the same rows.
 */
export function ChartCard({
  id,
  title,
  description,
  insight,
  table,
  csvName,
  emptyMessage,
  className = "",
  children,
}: ChartCardProps) {
  const [view, setView] = useState<View>("chart");
  const empty = Boolean(emptyMessage);
  const toggle = (v: View, label: string, corner: string) => (
    <button
      type="button"
      aria-pressed={view === v}
      onClick={() => setView(v)}
      className={`px-2.5 py-1 text-xs font-medium ${corner} ${
        view === v
          ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
          : "bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
      }`}
    >
      {label}
    </button>
  );
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={`card-${id}`}
      className={`flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <header className="mb-3 flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1 basis-56">
          <h2 id={`${id}-title`} className="text-base font-semibold tracking-tight">
            {title}
          </h2>
          {description ? (
            <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p>
          ) : null}
        </div>
        {empty ? null : (
          <div className="flex shrink-0 items-center gap-2">
            <fieldset className="flex rounded-md border border-slate-300 dark:border-slate-700">
              <legend className="sr-only">Show {title} as</legend>
              {toggle("chart", "Chart", "rounded-l-md")}
              {toggle("table", "Table", "rounded-r-md")}
            </fieldset>
            <CsvButton what={title} filename={csvName} columns={table.columns} rows={table.rows} />
          </div>
        )}
      </header>
      {insight && !empty ? (
        <div className="mb-3 text-sm text-slate-700 dark:text-slate-300">{insight}</div>
      ) : null}
      {empty ? (
        <div className="flex min-h-40 flex-1 items-center justify-center rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {emptyMessage}
        </div>
      ) : view === "chart" ? (
        <div data-testid={`chart-${id}`}>{children}</div>
      ) : (
        <div data-testid={`table-${id}`}>
          <DataTable spec={table} />
        </div>
      )}
    </section>
  );
}
