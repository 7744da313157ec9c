import "server-only";
import { sql } from "drizzle-orm";
import type { Database, DbHandle, Queryable } from "@/db/client";

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

/** Several notices in one statement (unnest reads the array in order, so they are sent in this order). */
export async function notifyAll(tx: Queryable, notices: Notice[]): Promise<void> {
  if (notices.length <= 1) return notices[0] ? notify(tx, notices[0]) : undefined;
  const payloads = sql.join(
    notices.map((n) => sql`${JSON.stringify(n)}`),
    sql`, `,
  );
  await tx.execute(sql`select pg_notify(${CHANNEL}, p) from unnest(array[${payloads}]::text[]) p`);
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

/**
 * A worker's notices, coalesced: a step commit carries no NOTIFY (PostgreSQL serialises notifying
 * commits); instead the run notices and wake-ups gathered since the last flush go out in one
 * statement at most every `everyMs` (live views stay well within a second of the commit).
 */
export class NoticeBatcher {
  private readonly runs = new Map<string, string>();
  private wakePending = false;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly everyMs = 250,
  ) {}

  run(runId: string, orgId: string) {
    this.runs.set(runId, orgId);
    this.schedule();
  }

  wake() {
    this.wakePending = true;
    this.schedule();
  }

  private schedule() {
    this.timer ??= setTimeout(() => {
      void this.flush();
    }, this.everyMs);
  }

  /** Sends what is pending now (also on stop). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const notices: Notice[] = [...this.runs].map(([runId, orgId]) => ({ k: "run", runId, orgId }));
    if (this.wakePending) notices.push({ k: "wake" });
    this.runs.clear();
    this.wakePending = false;
    if (!notices.length) return this.flushing;
    this.flushing = this.flushing
      .then(() => notifyAll(this.db, notices))
      .then(
        () => {},
        (error: unknown) => this.onError(error),
      );
    return this.flushing;
  }
}
