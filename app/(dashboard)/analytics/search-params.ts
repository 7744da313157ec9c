// The Analytics period lives in the URL, so a view is shareable and survives reload:
// ?range=7d|30d|90d, or ?from=YYYY-MM-DD&to=YYYY-MM-DD (both days included, UTC).

export const rangePresets = [
  { key: "7d", days: 7, label: "7 days" },
  { key: "30d", days: 30, label: "30 days" },
  { key: "90d", days: 90, label: "90 days" },
] as const;
export type RangePreset = (typeof rangePresets)[number]["key"];
export const DEFAULT_PRESET: RangePreset = "30d";
/** Custom ranges are capped: two years of weekly or monthly buckets is already a lot of chart. */
export const MAX_CUSTOM_DAYS = 731;

export type ResolvedRange = {
  preset: RangePreset | null;
  /** Inclusive start (midnight UTC). */
  from: Date;
  /** Exclusive end (midnight UTC after the last day). */
  to: Date;
  /** First and last day shown, YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  /** The search string that reproduces this range (without "?"). */
  query: string;
  /** For file names: 2024-05-01_2024-05-07. */
  slug: string;
  /** Set when the URL asked for a range we could not use; the default is shown instead. */
  error: string | null;
};

type SearchParams = Record<string, string | string[] | undefined>;

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

function parseDay(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  // rejects 2024-02-31 and friends, which Date would roll over
  return Number.isNaN(d.getTime()) || dayOf(d) !== value ? null : d;
}

function make(preset: RangePreset | null, from: Date, to: Date, error: string | null = null): ResolvedRange {
  const fromDay = dayOf(from);
  const toDay = dayOf(new Date(to.getTime() - DAY_MS));
  return {
    preset,
    from,
    to,
    fromDay,
    toDay,
    query: preset ? `range=${preset}` : `from=${fromDay}&to=${toDay}`,
    slug: `${fromDay}_${toDay}`,
    error,
  };
}

/** The last `days` days up to and including today (UTC). */
export function presetRange(preset: RangePreset, now: Date = new Date()): ResolvedRange {
  const days = rangePresets.find((p) => p.key === preset)?.days ?? 30;
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return make(preset, new Date(tomorrow.getTime() - days * DAY_MS), tomorrow);
}

export function resolveRange(params: SearchParams, now: Date = new Date()): ResolvedRange {
  const range = first(params.range);
  const fromText = first(params.from);
  const toText = first(params.to);
  if (fromText || toText) {
    const from = parseDay(fromText);
    const to = parseDay(toText);
    const fallback = (message: string) => ({ ...presetRange(DEFAULT_PRESET, now), error: message });
    if (!from || !to) return fallback("A custom range needs a valid start and end date.");
    if (from > to) return fallback("The start of a custom range must not be after its end.");
    const end = new Date(to.getTime() + DAY_MS);
    if ((end.getTime() - from.getTime()) / DAY_MS > MAX_CUSTOM_DAYS) {
      return fallback(`A custom range can span at most ${MAX_CUSTOM_DAYS} days.`);
    }
    return make(null, from, end);
  }
  const preset = rangePresets.find((p) => p.key === range)?.key;
  if (range && !preset) {
    return {
      ...presetRange(DEFAULT_PRESET, now),
      error: `Unknown range "${range}"; showing the last 30 days.`,
    };
  }
  return presetRange(preset ?? DEFAULT_PRESET, now);
}
