import type { TableColumn, TableRow } from "./types";

/** Cells a spreadsheet would run as a formula are prefixed with a quote (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: header of column keys, raw values (milliseconds, percentages as numbers), CRLF. */
export function toCsv(columns: TableColumn[], rows: TableRow[]): string {
  const lines = [columns.map((c) => cell(c.key)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** Starts a download of `csv` in the browser (a UTF-8 BOM so spreadsheets read accents right). */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob([`\uFEFF${csv}`], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
