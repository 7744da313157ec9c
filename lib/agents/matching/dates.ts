// Employment date ranges in resume text ("Jan 2019 – Present", "2016-2019", "03/2018 - 11/2020").
//
// Time is measured in months since year 0 so ranges can be merged with plain arithmetic.
// Conventions, chosen so that common resume phrasings give the durations a reader would say:
// - an explicit end month is inclusive: "Jan 2019 – Dec 2019" is 12 months;
// - a year-only start means January and a year-only end means the start of that year, so
//   "2016–2019" is 3 years; when that would be empty ("2019–2019") half a year is assumed;
// - "Present"/"now" ends at the injected `now`, to the day;
// - ends after `now` are clamped to it, and ranges starting after `now` are ignored.

export interface DateRange {
  /** Where the range text starts and ends in the scanned string. */
  index: number;
  length: number;
  /** "YYYY-MM", or "YYYY" when the text gives only a year. */
  from: string;
  /** Same format; null when the range is ongoing. */
  to: string | null;
  startMonth: number;
  endMonth: number;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH_NAME =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DATE = `(?:${MONTH_NAME},?\\s*'?\\d{4}|\\d{1,2}\\s*[/.]\\s*\\d{4}|\\d{4}\\s*[/.-]\\s*\\d{1,2}(?!\\d)|\\d{4})`;
const ONGOING = "(?:present|current(?:ly)?|now|today|to date|date|ongoing)";
const SEPARATOR = "(?:\\s*[-\u2010-\u2015~]\\s*|\\s+(?:to|until|till|through|thru)\\s+)";

const RANGE = new RegExp(
  `(?<![\\p{L}\\p{N}/.])(${DATE})${SEPARATOR}(${DATE}|${ONGOING})(?![\\p{L}\\p{N}])`,
  "giu",
);
const ONGOING_ONLY = new RegExp(`^${ONGOING}$`, "i");
const SINCE = new RegExp(`\\bsince\\s+(${DATE})(?![\\p{L}\\p{N}])`, "giu");

interface PartialDate {
  year: number;
  month: number | null;
}

function parseDate(token: string): PartialDate | null {
  const text = token.toLowerCase().replace(/\s+/g, "");
  const named = /^([a-z]+)\.?,?'?(\d{4})$/.exec(text);
  if (named) return checked(Number(named[2]), MONTHS[named[1]?.slice(0, 3) ?? ""] ?? null);
  const monthFirst = /^(\d{1,2})[/.](\d{4})$/.exec(text);
  if (monthFirst) return checked(Number(monthFirst[2]), Number(monthFirst[1]));
  const yearFirst = /^(\d{4})[/.-](\d{1,2})$/.exec(text);
  if (yearFirst) return checked(Number(yearFirst[1]), Number(yearFirst[2]));
  return /^\d{4}$/.test(text) ? checked(Number(text), null) : null;
}

function checked(year: number, month: number | null): PartialDate | null {
  if (year < 1950 || year > 2100) return null;
  if (month !== null && (month < 1 || month > 12)) return null;
  return { year, month };
}

function label(date: PartialDate): string {
  return date.month === null ? String(date.year) : `${date.year}-${String(date.month).padStart(2, "0")}`;
}

function monthsAt(now: Date): number {
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + (now.getUTCDate() - 1) / daysInMonth;
}

function toRange(index: number, length: number, start: PartialDate, end: PartialDate | null, now: Date) {
  const nowMonths = monthsAt(now);
  const startMonth = start.year * 12 + (start.month ?? 1) - 1;
  let endMonth: number;
  if (end === null) endMonth = nowMonths;
  else if (end.month === null) endMonth = end.year * 12;
  else endMonth = end.year * 12 + end.month;
  if (end !== null && end.month === null && end.year === start.year) endMonth = startMonth + 6;
  if (startMonth >= nowMonths || endMonth <= startMonth) return null;
  return {
    index,
    length,
    from: label(start),
    to: end === null ? null : label(end),
    startMonth,
    endMonth: Math.min(endMonth, nowMonths),
  } satisfies DateRange;
}

/** All employment-like date ranges in the text, in order of appearance. */
export function findDateRanges(text: string, now: Date): DateRange[] {
  const ranges: DateRange[] = [];
  for (const m of text.matchAll(RANGE)) {
    const start = parseDate(m[1] ?? "");
    const endToken = m[2] ?? "";
    const ongoing = ONGOING_ONLY.test(endToken);
    const end = ongoing ? null : parseDate(endToken);
    if (start === null || (end === null && !ongoing)) continue;
    const range = toRange(m.index, m[0].length, start, end, now);
    if (range) ranges.push(range);
  }
  for (const m of text.matchAll(SINCE)) {
    const start = parseDate(m[1] ?? "");
    const range = start ? toRange(m.index, m[0].length, start, null, now) : null;
    if (range && !ranges.some((r) => overlapsText(r, range))) ranges.push(range);
  }
  return ranges.sort((a, b) => a.index - b.index);
}

function overlapsText(a: DateRange, b: DateRange): boolean {
  return a.index < b.index + b.length && b.index < a.index + a.length;
}

/** Total months covered, counting overlapping ranges (concurrent jobs) once. */
export function mergedMonths(ranges: readonly Pick<DateRange, "startMonth" | "endMonth">[]): number {
  const sorted = [...ranges].sort((a, b) => a.startMonth - b.startMonth);
  let total = 0;
  let currentStart = Number.NEGATIVE_INFINITY;
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const r of sorted) {
    if (r.startMonth > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = r.startMonth;
      currentEnd = r.endMonth;
    } else {
      currentEnd = Math.max(currentEnd, r.endMonth);
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}
