import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binSlot, Histogram, numbers, slotBin } from "@/db/queries/histogram";

/** analytics_duration_bin (migration 0008): two significant digits, values below 100 as they are. */
function durationBin(ms: number): number {
  if (Math.abs(ms) < 100) return ms;
  const scale = 10 ** (String(Math.abs(ms)).length - 2);
  return Math.sign(ms) * Math.round(Math.abs(ms) / scale) * scale;
}

/** The ranking as a Map-and-sort would do it: the reference the dense layout must agree with. */
function naive(pairs: [number, number][]) {
  const sums = new Map<number, number>();
  for (const [bin, n] of pairs) sums.set(bin, (sums.get(bin) ?? 0) + n);
  const bins = [...sums].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total <= 0) return null;
  const rank = (p: number, plus: number) => {
    const target = Math.floor(p * (total - 1)) + plus;
    let cum = 0;
    for (const [bin, n] of bins) {
      cum += n;
      if (cum > target) return bin;
    }
    return null;
  };
  return {
    total,
    p50_lo: rank(0.5, 0),
    p50_hi: rank(0.5, 1),
    p95_lo: rank(0.95, 0),
    p95_hi: rank(0.95, 1),
    max_bin: bins.at(-1)?.[0] ?? null,
  };
}

describe("duration histogram merging", () => {
  it("gives every bin of two significant digits its own slot, in bin order, and back", () => {
    const bins = [0, 1, 99, 100, 110, 990, 1000, 1100, 9900, 10_000, 3_600_000, 86_000_000, 2_100_000_000];
    const slots = bins.map(binSlot);
    expect(slots.every((s) => s >= 0)).toBe(true);
    expect([...slots].sort((a, b) => a - b)).toEqual(slots);
    expect(new Set(slots).size).toBe(bins.length);
    expect(slots.map(slotBin)).toEqual(bins);
    // not a bin of the rollups' kind: no slot (they go to the fallback)
    for (const odd of [-1, -100, 101, 1234, 0.5, 1e20]) expect(binSlot(odd)).toBe(-1);
  });

  it("ranks exactly as a map and a sort would, with deltas that cancel and bins outside the slots", () => {
    const duration = fc.oneof(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 50_000_000 }));
    const pair = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(duration.map(durationBin), fc.integer({ min: -3, max: 20 })) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.integer({ min: -5_000, max: 5_000 }), fc.integer({ min: 1, max: 5 })),
      },
    );
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 300 }), (pairs) => {
        const h = new Histogram();
        // in two halves, as a packed row and the delta rows of the same key arrive
        const half = Math.floor(pairs.length / 2);
        h.addAll(
          pairs.slice(0, half).map(([b]) => b),
          pairs.slice(0, half).map(([, n]) => n),
        );
        for (const [b, n] of pairs.slice(half)) h.add(b, n);
        expect(h.stats()).toEqual(naive(pairs));
      }),
      { numRuns: 300 },
    );
  });

  it("is empty when nothing is left after the deltas", () => {
    const h = new Histogram();
    h.add(120, 2);
    h.add(120, -2);
    expect(h.stats()).toBeNull();
  });

  it("reads numeric arrays in both of the driver's forms", () => {
    expect(numbers("{1,20,300}")).toEqual([1, 20, 300]);
    expect(numbers("{}")).toEqual([]);
    expect(numbers(["4", 5])).toEqual([4, 5]);
  });
});
