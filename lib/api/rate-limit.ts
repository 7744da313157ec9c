import { CLIENT_ADDRESS_HEADER } from "@/scripts/client-address.mjs";
import { env } from "@/lib/env";

/**
 * Fixed-window counters in process memory. Enough for one embedded node; with
 * several web nodes each enforces its own window (documented in the README),
 * which still bounds guessing to N × limit per window.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one hit; returns seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      this.sweep(now);
      return 0;
    }
    w.count++;
    return w.count > this.limit ? Math.ceil((w.start + this.windowMs - now) / 1000) : 0;
  }

  /** Whether the key is over the limit, without counting. */
  blocked(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs || w.count < this.limit) return 0;
    return Math.ceil((w.start + this.windowMs - now) / 1000);
  }

  private sweep(now: number) {
    if (this.windows.size < 10_000) return;
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

const KEY = Symbol.for("runledger.rateLimits");
type G = typeof globalThis & {
  [KEY]?: { login: RateLimiter; loginAccount: RateLimiter; badToken: RateLimiter };
};

/** Shared across bundles of one process. */
export function limiters() {
  const g = globalThis as G;
  g[KEY] ??= {
    login: new RateLimiter(env().LOGIN_RATE_LIMIT, 60_000),
    loginAccount: new RateLimiter(env().LOGIN_RATE_LIMIT, 60_000),
    badToken: new RateLimiter(env().TOKEN_FAILURE_RATE_LIMIT, 60_000),
  };
  return g[KEY];
}

/**
 * The client's address as the server that accepted the connection decided it (scripts/serve.mjs:
 * the socket, or a trusted proxy's X-Forwarded-For entry when TRUST_PROXY is set). Headers a client
 * writes (X-Forwarded-For, X-Real-IP) are never read here. "unknown" outside that server (next dev).
 */
export function clientIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
