// Duration histograms as the analytics read models merge them (db/queries/analytics.ts): bins of two
// significant digits (analytics_duration_bin, migration 0008) and their counts, summed per grouping and
// ranked for percentiles. A chart merges a few hundred thousand (bin, count) pairs at 12 months, so the
// counts live in a dense array indexed by bin (0–99 as themselves, then 90 slots per power of ten)
// rather than a Map: the merge is an array add, the ranking one pass in bin order. A bin the dense
// layout cannot hold (negative, or not of two significant digits) goes to a Map, and ranking then
// sorts everything, as before.

/** Dense slots: 0–99, then 10–99 × 10^e for e = 1…MAX_EXPONENT. */
const MAX_EXPONENT = 16;
const SLOTS = 100 + 90 * MAX_EXPONENT;

/** The dense slot of a bin, or -1 when it has none. */
export function binSlot(bin: number): number {
  if (!Number.isInteger(bin) || bin < 0) return -1;
  if (bin < 100) return bin;
  let scale = 10;
  let e = 1;
  while (bin >= scale * 100) {
    scale *= 10;
    e++;
  }
  if (e > MAX_EXPONENT) return -1;
  const digits = bin / scale;
  return Number.isInteger(digits) ? 100 + 90 * (e - 1) + (digits - 10) : -1;
}

/** The bin of each dense slot. */
const SLOT_BINS = Float64Array.from({ length: SLOTS }, (_, slot) =>
  slot < 100 ? slot : (((slot - 100) % 90) + 10) * 10 ** (Math.floor((slot - 100) / 90) + 1),
);

/** The bin of a dense slot. */
export const slotBin = (slot: number): number => SLOT_BINS[slot] as number;

/** Order statistics of a histogram: its size, the bins either side of the p50 and p95 ranks, the largest bin. */
export type HistogramStats = {
  total: number;
  p50_lo: number | null;
  p50_hi: number | null;
  p95_lo: number | null;
  p95_hi: number | null;
  max_bin: number | null;
};

export class Histogram {
  private readonly counts = new Float64Array(SLOTS);
  private extra: Map<number, number> | null = null;

  add(bin: number, n: number): void {
    const slot = binSlot(bin);
    if (slot >= 0) this.counts[slot] = (this.counts[slot] as number) + n;
    else {
      this.extra ??= new Map();
      this.extra.set(bin, (this.extra.get(bin) ?? 0) + n);
    }
  }

  addAll(bins: ArrayLike<number>, ns: ArrayLike<number>): void {
    for (let i = 0; i < bins.length; i++) this.add(bins[i] as number, ns[i] as number);
  }

  /**
   * The two order statistics either side of rank p × (total − 1) for p50 and p95 (counts of zero or
   * less are no values: delta rows that cancelled), or null for an empty histogram.
   */
  stats(): HistogramStats | null {
    // ascending (bin, count) pairs with a positive count: the dense slots in order, or, with bins
    // outside them, everything sorted
    const pairs: [number, number][] | null = this.extra ? this.sorted() : null;
    let total = 0;
    let maxBin: number | null = null;
    if (pairs) {
      for (const [bin, n] of pairs) {
        total += n;
        maxBin = bin;
      }
    } else {
      for (let slot = 0; slot < SLOTS; slot++) {
        const n = this.counts[slot] as number;
        if (n > 0) {
          total += n;
          maxBin = SLOT_BINS[slot] as number;
        }
      }
    }
    if (total <= 0) return null;
    // the smallest bin whose cumulative count exceeds floor(p × (total − 1)) + plus
    const rank = (p: number, plus: number): number | null => {
      const target = Math.floor(p * (total - 1)) + plus;
      let cum = 0;
      if (pairs) {
        for (const [bin, n] of pairs) {
          cum += n;
          if (cum > target) return bin;
        }
        return null;
      }
      for (let slot = 0; slot < SLOTS; slot++) {
        const n = this.counts[slot] as number;
        if (n <= 0) continue;
        cum += n;
        if (cum > target) return SLOT_BINS[slot] as number;
      }
      return null;
    };
    return {
      total,
      p50_lo: rank(0.5, 0),
      p50_hi: rank(0.5, 1),
      p95_lo: rank(0.95, 0),
      p95_hi: rank(0.95, 1),
      max_bin: maxBin,
    };
  }

  private sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let slot = 0; slot < SLOTS; slot++) {
      const n = this.counts[slot] as number;
      if (n > 0) out.push([SLOT_BINS[slot] as number, n]);
    }
    for (const [bin, n] of this.extra ?? []) if (n > 0) out.push([bin, n]);
    return out.sort((a, b) => a[0] - b[0]);
  }
}

/** An int8[] or float8[] as the driver hands it over: an array, or its text form '{1,2,3}'. */
export function numbers(value: readonly (number | string)[] | string): number[] {
  if (typeof value !== "string") return value.map(Number);
  // the text form of a numeric array is a JSON array in braces (no NULLs: bins and counts never are)
  return value === "{}" ? [] : (JSON.parse(`[${value.slice(1, -1)}]`) as number[]);
}
