// The small typed config around the Analytics charts: labels and colours (CSS variables, so the
// charts follow light and dark mode without re-rendering) and the number/date formats shared by
// charts, tables, summaries and CSV files. Pure: usable on the server and in the browser.

/**
 * The colour variables, set on the analytics page's root. Literal colours (Tailwind's palette,
 * 600 shades in light, 400 in dark) rather than var(--color-…), which Tailwind only emits when a
 * utility uses it.
 */
export const chartThemeClass = [
  // channels
  "[--chart-web:#0284c7] dark:[--chart-web:#38bdf8]",
  "[--chart-voice:#7c3aed] dark:[--chart-voice:#a78bfa]",
  "[--chart-efax:#d97706] dark:[--chart-efax:#fbbf24]",
  "[--chart-api:#059669] dark:[--chart-api:#34d399]",
  "[--chart-email:#db2777] dark:[--chart-email:#f472b6]",
  // series without a fixed meaning (models, failure groups); the last one is "other"
  "[--chart-1:#4f46e5] dark:[--chart-1:#818cf8]",
  "[--chart-2:#0d9488] dark:[--chart-2:#2dd4bf]",
  "[--chart-3:#ea580c] dark:[--chart-3:#fb923c]",
  "[--chart-4:#c026d3] dark:[--chart-4:#e879f9]",
  "[--chart-5:#65a30d] dark:[--chart-5:#a3e635]",
  "[--chart-other:#94a3b8] dark:[--chart-other:#64748b]",
  // run outcomes
  "[--chart-completed:#059669] dark:[--chart-completed:#34d399]",
  "[--chart-failed:#e11d48] dark:[--chart-failed:#fb7185]",
  "[--chart-timeout:#ea580c] dark:[--chart-timeout:#fb923c]",
  "[--chart-cancelled:#94a3b8] dark:[--chart-cancelled:#64748b]",
  "[--chart-open:#0ea5e9] dark:[--chart-open:#7dd3fc]",
  // bars and the bottleneck
  "[--chart-bar:#6366f1] dark:[--chart-bar:#818cf8]",
  "[--chart-bar-muted:#c7d2fe] dark:[--chart-bar-muted:#3730a3]",
  "[--chart-alert:#e11d48] dark:[--chart-alert:#fb7185]",
  // chrome
  "[--chart-axis:#64748b] dark:[--chart-axis:#94a3b8]",
  "[--chart-grid:#e2e8f0] dark:[--chart-grid:#1e293b]",
  "[--chart-tooltip-bg:#ffffff] dark:[--chart-tooltip-bg:#0f172a]",
  "[--chart-tooltip-border:#e2e8f0] dark:[--chart-tooltip-border:#334155]",
  "[--chart-text:#0f172a] dark:[--chart-text:#f1f5f9]",
].join(" ");

export const seriesColors = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
] as const;
export const otherColor = "var(--chart-other)";

export const channelLabels: Record<string, string> = {
  web: "Web",
  voice: "Voice",
  efax: "eFax",
  api: "API",
  email: "Email",
};
export const channelLabel = (c: string) => channelLabels[c] ?? c;
export const channelColor = (c: string, index = 0) =>
  c in channelLabels ? `var(--chart-${c})` : (seriesColors[index % seriesColors.length] ?? otherColor);

// Step-type words come from the registry, the same the workflow editor and the run pages use.
export { stepTypeLabel } from "@/lib/steps/registry";

export const outcomeSeries = [
  { key: "completed", label: "Completed", color: "var(--chart-completed)" },
  { key: "failed", label: "Failed", color: "var(--chart-failed)" },
  { key: "timedOut", label: "Timed out", color: "var(--chart-timeout)" },
  { key: "cancelled", label: "Cancelled", color: "var(--chart-cancelled)" },
  { key: "open", label: "In progress", color: "var(--chart-open)" },
] as const;

export const tierLabel = (tier: number | null) => (tier === null ? "No tier" : `Tier ${tier}`);
export const tierColor = (tier: number | null) =>
  tier === null ? otherColor : (seriesColors[(tier - 1) % seriesColors.length] ?? otherColor);

/** Recharts props shared by every cartesian chart. */
export const axisProps = {
  stroke: "var(--chart-grid)",
  tick: { fill: "var(--chart-axis)", fontSize: 12 },
  tickLine: false,
} as const;
export const tooltipProps = {
  contentStyle: {
    background: "var(--chart-tooltip-bg)",
    border: "1px solid var(--chart-tooltip-border)",
    borderRadius: 8,
    fontSize: 12,
    color: "var(--chart-text)",
  },
  labelStyle: { color: "var(--chart-text)", fontWeight: 600, marginBottom: 4 },
  cursor: { fill: "var(--chart-grid)", fillOpacity: 0.5 },
} as const;

// ---------------------------------------------------------------------------------------------
// Formats: fixed locale and UTC, so the server and the browser render the same text.

const int = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const dayYearFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const monthFormat = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

export const formatInt = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : int.format(n);
export const formatCompact = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : compact.format(n);
export const formatPercent = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : `${n.toFixed(n >= 99.95 || n === 0 ? 0 : 1)}%`;

/** Milliseconds as the unit a person would say: 850 ms, 12.3 s, 6.2 min, 1.5 h. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  // 1 s, 12.3 s, 1.5 min: significant digits only, so axis ticks read as round numbers
  const fixed = (n: number, digits: number) => String(Number(n.toFixed(digits)));
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${fixed(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${fixed(ms / 60_000, 1)} min`;
  return `${fixed(ms / 3_600_000, 1)} h`;
}

export type BucketUnit = "day" | "week" | "month";
export const bucketNouns: Record<BucketUnit, string> = { day: "day", week: "week", month: "month" };

const parseDay = (day: string) => new Date(`${day}T00:00:00.000Z`);
/** A bucket's axis label: "May 2", "May 2" (week of) or "May 2024". */
export function formatBucket(bucket: string, unit: BucketUnit): string {
  const d = parseDay(bucket);
  return unit === "month" ? monthFormat.format(d) : dayFormat.format(d);
}
/** A bucket as a full label: "May 2, 2024", "Week of Apr 29, 2024", "May 2024". */
export function formatBucketLong(bucket: string, unit: BucketUnit): string {
  const d = parseDay(bucket);
  if (unit === "month") return monthFormat.format(d);
  return unit === "week" ? `Week of ${dayYearFormat.format(d)}` : dayYearFormat.format(d);
}
export const formatDay = (d: Date | string) => dayYearFormat.format(typeof d === "string" ? new Date(d) : d);
export const formatDateTime = (iso: string) => `${dateTimeFormat.format(new Date(iso))} UTC`;
export const formatDecimalOrInt = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
