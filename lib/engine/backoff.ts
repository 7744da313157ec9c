// Retry backoff for step attempts. Pure: the clock and the randomness are the caller's.
//
// Jitter kind: "equal jitter" — half of the exponential ceiling is fixed, the other half random:
//
//   ceiling(n) = min(maxMs, baseMs * 2^n)
//   delay(n)   = ceiling(n) / 2 + random() * ceiling(n) / 2          ∈ [ceiling/2, ceiling)
//
// Why not "full jitter" (random() * ceiling)? Full jitter can draw a delay of ~0 ms, so a step that
// just failed against a rate-limited LLM provider could be retried immediately. Equal jitter keeps a
// guaranteed floor of half the exponential delay while still spreading simultaneous failures (many
// steps of one batch hitting the same outage) over a window, which is what jitter is for.

export interface BackoffOptions {
  /** Ceiling of the first retry (retryCount 0). Default 1 s. */
  baseMs?: number;
  /** Upper bound of any ceiling, so long-failing steps still retry within minutes. Default 5 min. */
  maxMs?: number;
  /** Source of uniform numbers in [0, 1). Injected by tests; defaults to Math.random. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 5 * 60_000;

// 2^62 * any sane base is still a finite double; beyond that the cap applies anyway.
const MAX_EXPONENT = 62;

function assertNonNegativeFinite(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative finite number, got ${value}`);
  }
}

/**
 * The jitter-free upper bound for the retry that follows `retryCount` earlier retries:
 * `min(maxMs, baseMs * 2^retryCount)`.
 */
export function backoffCeilingMs(retryCount: number, options: Omit<BackoffOptions, "random"> = {}): number {
  const { baseMs = DEFAULT_BACKOFF_BASE_MS, maxMs = DEFAULT_BACKOFF_MAX_MS } = options;
  assertNonNegativeFinite("retryCount", retryCount);
  assertNonNegativeFinite("baseMs", baseMs);
  assertNonNegativeFinite("maxMs", maxMs);
  const exponent = Math.min(Math.floor(retryCount), MAX_EXPONENT);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/**
 * Delay in whole milliseconds before the next attempt, given how many automatic retries were
 * already consumed (0 for the first retry). Always within [floor(ceiling / 2), ceiling].
 */
export function backoffDelayMs(retryCount: number, options: BackoffOptions = {}): number {
  const { random = Math.random, ...bounds } = options;
  const ceiling = backoffCeilingMs(retryCount, bounds);
  const half = ceiling / 2;
  // Clamp so that a misbehaving random source (NaN, 1, negatives) cannot escape the documented bounds.
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(half + unit * half);
}
