import "server-only";
import { sql } from "drizzle-orm";
import type { DbHandle, Queryable } from "@/db/client";

/**
 * One channel for every wake-up. NOTIFY is transactional (delivered at
 * commit, dropped on rollback) on PostgreSQL across processes, and within the
 * one PGlite instance in embedded mode, so both drivers share this code.
 * Everything that listens also polls: a lost notification only costs latency.
 */
export const CHANNEL = "runledger";

export type Notice =
  /** a step became due: workers should claim */
  | { k: "wake" }
  /** stop a running handler (cancel, run deadline) */
  | { k: "abort"; stepId: string; reason: "timeout" | "cancelled" }
  /** a run or one of its steps changed (live views) */
  | { k: "run"; runId: string; orgId: string };

export async function notify(tx: Queryable, notice: Notice): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`);
}

export function parseNotice(payload: string): Notice | null {
  try {
    const n = JSON.parse(payload) as Notice;
    return n && typeof n === "object" && "k" in n ? n : null;
  } catch {
    return null;
  }
}

/** Subscribes to notices; resolves to an unsubscribe function. */
export async function listen(handle: DbHandle, onNotice: (n: Notice) => void): Promise<() => Promise<void>> {
  const deliver = (payload: string) => {
    const n = parseNotice(payload);
    if (n) onNotice(n);
  };
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen(CHANNEL, deliver);
    return () => unlisten();
  }
  if (handle.pg) {
    const sub = await handle.pg.listen(CHANNEL, deliver);
    return () => sub.unlisten();
  }
  return async () => {};
}
