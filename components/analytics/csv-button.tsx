"use client";

import { downloadCsv, toCsv } from "./csv";
import type { TableColumn, TableRow } from "./types";

/** Downloads rows as CSV, generated in the browser from the data already on the page. */
export function CsvButton({
  what,
  filename,
  columns,
  rows,
}: {
  /** Completes the accessible name "Download <what> as CSV". */
  what: string;
  filename: string;
  columns: TableColumn[];
  rows: TableRow[];
}) {
  return (
    <button
      type="button"
      onClick={() => downloadCsv(filename, toCsv(columns, rows))}
      className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      <span className="sr-only">Download {what} as </span>CSV
    </button>
  );
}
