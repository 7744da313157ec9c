import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backoffCeilingMs,
  backoffDelayMs,
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_MAX_MS,
} from "@/lib/engine/backoff";

const fixed = (value: number) => () => value;

describe("backoffCeilingMs", () => {
  it("doubles from the base and caps at the maximum", () => {
    const schedule = Array.from({ length: 12 }, (_, n) => backoffCeilingMs(n));
    expect(schedule).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
  });

  it("has documented defaults", () => {
    expect(DEFAULT_BACKOFF_BASE_MS).toBe(1_000);
    expect(DEFAULT_BACKOFF_MAX_MS).toBe(300_000);
  });

  it("stays finite for huge retry counts", () => {
    expect(backoffCeilingMs(10_000)).toBe(300_000);
    expect(backoffCeilingMs(10_000, { maxMs: Number.MAX_SAFE_INTEGER })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("floors fractional retry counts", () => {
    expect(backoffCeilingMs(2.9)).toBe(4_000);
  });

  it.each([
    [-1, {}],
    [Number.NaN, {}],
    [Number.POSITIVE_INFINITY, {}],
    [0, { baseMs: -1 }],
    [0, { maxMs: Number.NaN }],
  ])("rejects retryCount %s with %o", (retryCount, options) => {
    expect(() => backoffCeilingMs(retryCount, options)).toThrow(RangeError);
  });
});

describe("backoffDelayMs (equal jitter)", () => {
  it("is half the ceiling when random() is 0", () => {
    const schedule = Array.from({ length: 10 }, (_, n) => backoffDelayMs(n, { random: fixed(0) }));
    expect(schedule).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 150_000]);
  });

  it("is three quarters of the ceiling when random() is 0.5", () => {
    const schedule = Array.from({ length: 10 }, (_, n) => backoffDelayMs(n, { random: fixed(0.5) }));
    expect(schedule).toEqual([750, 1_500, 3_000, 6_000, 12_000, 24_000, 48_000, 96_000, 192_000, 225_000]);
  });

  it("approaches but stays below the ceiling as random() approaches 1", () => {
    expect(backoffDelayMs(0, { random: fixed(0.9999) })).toBe(999);
    expect(backoffDelayMs(9, { random: fixed(0.9999) })).toBe(299_985);
  });

  it("uses custom base and cap", () => {
    const opts = { baseMs: 100, maxMs: 1_000, random: fixed(0.25) };
    expect(Array.from({ length: 6 }, (_, n) => backoffDelayMs(n, opts))).toEqual([
      62, 125, 250, 500, 625, 625,
    ]);
  });

  it("returns 0 with a zero base", () => {
    expect(backoffDelayMs(5, { baseMs: 0, random: fixed(0.7) })).toBe(0);
  });

  it("clamps a misbehaving random source into the documented bounds", () => {
    expect(backoffDelayMs(0, { random: fixed(1) })).toBe(1_000);
    expect(backoffDelayMs(0, { random: fixed(7) })).toBe(1_000);
    expect(backoffDelayMs(0, { random: fixed(-3) })).toBe(500);
    expect(backoffDelayMs(0, { random: fixed(Number.NaN) })).toBe(500);
  });

  it("consumes exactly one random number per call", () => {
    let calls = 0;
    backoffDelayMs(3, {
      random: () => {
        calls += 1;
        return 0.1;
      },
    });
    expect(calls).toBe(1);
  });

  it("uses Math.random by default and stays within [ceiling/2, ceiling]", () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(2);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it("is an integer within [floor(ceiling/2), ceiling] for any input", () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retryCount, baseMs, maxMs, r) => {
          const delay = backoffDelayMs(retryCount, { baseMs, maxMs, random: fixed(r) });
          const ceiling = backoffCeilingMs(retryCount, { baseMs, maxMs });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it("never decreases as retries grow for a fixed random", () => {
    fc.assert(
      fc.property(fc.nat(60), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        expect(backoffDelayMs(n + 1, { random: fixed(r) })).toBeGreaterThanOrEqual(
          backoffDelayMs(n, { random: fixed(r) }),
        );
      }),
    );
  });
});
