// The old product kept run history in this browser only: localStorage "workflowHistory", an
// array of { id: "workflow-<ms>", timestamp, jdId, jdTitle, totalCandidates, completionStatus,
// agents, metrics, progress } (seed 001). Runledger offers to import it once, and removes the
// local copy only after the server has confirmed it.

export const LEGACY_HISTORY_KEY = "workflowHistory";
export const LEGACY_DISMISSED_KEY = "runledger.legacyImportDismissed";

export type LegacyEntry = Record<string, unknown>;

/** The stored entries, or null when there is nothing importable (absent, not JSON, not a list of objects). */
export function parseLegacyHistory(raw: string | null | undefined): LegacyEntry[] | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  const entries = value.filter(
    (v): v is LegacyEntry => typeof v === "object" && v !== null && !Array.isArray(v),
  );
  return entries.length ? entries : null;
}

/** "We found 3 runs saved in this browser…" — with the date range when the entries carry one. */
export function describeLegacyHistory(entries: LegacyEntry[]): {
  count: number;
  newest?: string;
  oldest?: string;
} {
  const times = entries
    .map((e) => (typeof e.timestamp === "string" ? Date.parse(e.timestamp) : Number.NaN))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b);
  const oldest = times[0];
  const newest = times.at(-1);
  return {
    count: entries.length,
    ...(oldest !== undefined ? { oldest: new Date(oldest).toISOString() } : {}),
    ...(newest !== undefined ? { newest: new Date(newest).toISOString() } : {}),
  };
}
