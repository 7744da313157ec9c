// Relative and absolute time for the dashboard, on the platform's Intl only (no date library).

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/**
 * "3 min ago", "in 2 hr", "just now". Picks the largest unit that fits, so 90 seconds
 * reads "1 min ago" (not "2 min ago") and 36 hours reads "yesterday".
 */
export function formatRelative(at: Date | string, now: Date | number = Date.now(), locale = "en"): string {
  const then = typeof at === "string" ? new Date(at) : at;
  const nowMs = typeof now === "number" ? now : now.getTime();
  const diffSeconds = Math.round((then.getTime() - nowMs) / 1000);
  if (Number.isNaN(diffSeconds)) return "—";
  const abs = Math.abs(diffSeconds);
  if (abs < 10) return "just now";
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  for (const [unit, seconds] of UNITS) {
    if (abs >= seconds) return rtf.format(Math.trunc(diffSeconds / seconds), unit);
  }
  return rtf.format(diffSeconds, "second");
}

/** "Mar 4, 2025, 14:05:09 GMT+1" — the absolute time with its zone, for titles and tooltips. */
export function formatAbsolute(at: Date | string, timeZone?: string, locale = "en"): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) {
    const rest = totalSeconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMin = minutes % 60;
  return restMin ? `${hours} h ${restMin} min` : `${hours} h`;
}

/** A local calendar date (YYYY-MM-DD, as a date input shows it) for an instant. */
export function toLocalDateInput(iso: string | undefined): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The instant a date input means, with the browser's offset, so the URL names an exact
 * moment and the server filters the same range wherever it runs. `edge` "end" is the last
 * millisecond of that local day (an inclusive "to").
 */
export function fromLocalDateInput(value: string, edge: "start" | "end"): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d =
    edge === "start"
      ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0)
      : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
  return toIsoWithOffset(d);
}

/** 2025-03-04T00:00:00.000+01:00 — ISO 8601 in local time with the numeric offset. */
export function toIsoWithOffset(d: Date): string {
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}
