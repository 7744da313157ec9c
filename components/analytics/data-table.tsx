import { ScrollRegion } from "./scroll-region";
import {
  type BucketUnit,
  formatBucketLong,
  formatDateTime,
  formatInt,
  formatMs,
  formatPercent,
} from "./chart-config";
import type { ColumnKind, TableCell, TableSpec } from "./types";

const NUMERIC: ReadonlySet<ColumnKind> = new Set(["int", "decimal", "percent", "ms"]);

export function formatCell(value: TableCell, kind: ColumnKind = "text", bucket: BucketUnit = "day"): string {
  if (value === null || value === "") return "—";
  if (typeof value === "string") {
    if (kind === "bucket") return formatBucketLong(value, bucket);
    if (kind === "datetime") return formatDateTime(value);
    return value;
  }
  switch (kind) {
    case "int":
      return formatInt(value);
    case "decimal":
      return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
    case "percent":
      return formatPercent(value);
    case "ms":
      return formatMs(value);
    default:
      return String(value);
  }
}

/** The accessible table alternative of a chart: a captioned table in a focusable scroll region. */
export function DataTable({ spec, maxHeight = true }: { spec: TableSpec; maxHeight?: boolean }) {
  return (
    <ScrollRegion label={`${spec.caption}, table`} className={maxHeight ? "max-h-80" : ""}>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{spec.caption}</caption>
        <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            {spec.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={`whitespace-nowrap px-3 py-2 font-medium ${NUMERIC.has(c.kind ?? "text") ? "text-right" : ""}`}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {spec.rows.map((row, i) => (
            // rows have no identity beyond their position in this snapshot
            // biome-ignore lint/suspicious/noArrayIndexKey: static rows
            <tr key={i} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
              {spec.columns.map((c, j) => {
                const text = formatCell(row[c.key] ?? null, c.kind, spec.bucket);
                const numeric = NUMERIC.has(c.kind ?? "text");
                return j === 0 ? (
                  <th key={c.key} scope="row" className="whitespace-nowrap px-3 py-1.5 font-medium">
                    {text}
                  </th>
                ) : (
                  <td
                    key={c.key}
                    className={`whitespace-nowrap px-3 py-1.5 ${numeric ? "text-right tabular-nums" : ""}`}
                  >
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
