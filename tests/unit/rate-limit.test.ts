import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/api/rate-limit";

describe("RateLimiter", () => {
  it("allows the limit within a window, then says how long to wait", () => {
    const l = new RateLimiter(3, 60_000);
    expect([l.hit("ip", 0), l.hit("ip", 1), l.hit("ip", 2)]).toEqual([0, 0, 0]);
    expect(l.hit("ip", 30_000)).toBe(30);
    expect(l.blocked("ip", 30_000)).toBe(30);
  });

  it("keeps keys apart and opens a new window after it ends", () => {
    const l = new RateLimiter(1, 1_000);
    expect(l.hit("a", 0)).toBe(0);
    expect(l.hit("b", 0)).toBe(0);
    expect(l.hit("a", 500)).toBe(1);
    expect(l.hit("a", 1_000)).toBe(0);
    expect(l.blocked("a", 1_000)).toBe(1);
    expect(l.blocked("c", 0)).toBe(0);
  });
});
