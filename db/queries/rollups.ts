import "server-only";
import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { asWorker } from "@/db/tenant";

// Maintenance of the analytics rollups (migration 0008_analytics_rollups). Triggers keep them exact at
// every commit; compaction only keeps them small: it folds each key's delta rows into one row, so a
// chart sums a handful of rows per day however many runs finished. Called by the worker's
// housekeeping; safe to run from any number of workers at once.

/**
 * Folds the analytics rollups' delta rows, daily, then weeks and months, and packs each duration
 * histogram key into one row; returns how many rows it removed.
 */
export async function compactAnalyticsRollups(db: Database): Promise<number> {
  return asWorker(db, async (tx) => {
    const [daily] = await rows<{ removed: number }>(
      tx,
      sql`select analytics_compact_rollups()::int as removed`,
    );
    // then the week and month deltas, including the copies the daily folding just wrote (0016)
    const [periods] = await rows<{ removed: number }>(
      tx,
      sql`select analytics_compact_period_rollups()::int as removed`,
    );
    // then each histogram key's folded bins into one packed row, days before weeks and months (0017)
    const [packed] = await rows<{ removed: number }>(
      tx,
      sql`select analytics_pack_duration_rollups()::int as removed`,
    );
    return (daily?.removed ?? 0) + (periods?.removed ?? 0) + (packed?.removed ?? 0);
  });
}
