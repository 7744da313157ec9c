import "server-only";
import { type DbHandle, getDb } from "@/db/client";
import { listen, type Notice } from "@/lib/engine/notify";

export type RunNotice = Extract<Notice, { k: "run" }>;
type Subscriber = (notice: RunNotice) => void;

/**
 * One LISTEN per process (per database handle), fanned out to every live view in it: a thousand
 * open run pages cost one connection, not a thousand. On PostgreSQL the notices come from every
 * web node and worker (NOTIFY is delivered at commit to all listeners); on PGlite from this
 * process's own instance. The LISTEN is opened by the first subscriber and kept for the life of
 * the handle; subscribers come and go.
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private listening: Promise<() => Promise<void>> | null = null;
  private closed = false;

  constructor(private readonly handle: DbHandle) {}

  /** Calls `onNotice` for every change of the run; resolves once the LISTEN is in place. */
  async subscribe(runId: string, onNotice: Subscriber): Promise<() => void> {
    if (this.closed) throw new Error("live hub is closed");
    let set = this.subscribers.get(runId);
    if (!set) {
      set = new Set();
      this.subscribers.set(runId, set);
    }
    set.add(onNotice);
    try {
      await this.ensureListening();
    } catch (error) {
      this.remove(runId, onNotice);
      throw error;
    }
    return () => this.remove(runId, onNotice);
  }

  /** Live subscriptions (all runs), for tests and diagnostics. */
  get size(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  get isListening(): boolean {
    return this.listening !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    const pending = this.listening;
    this.listening = null;
    if (pending) await (await pending.catch(() => async () => {}))().catch(() => {});
  }

  private remove(runId: string, onNotice: Subscriber) {
    const set = this.subscribers.get(runId);
    if (!set) return;
    set.delete(onNotice);
    if (!set.size) this.subscribers.delete(runId);
  }

  private ensureListening(): Promise<unknown> {
    if (!this.listening) {
      this.listening = listen(this.handle, (n) => this.deliver(n));
      // a failed LISTEN is retried by the next subscriber
      this.listening.catch(() => {
        this.listening = null;
      });
    }
    return this.listening;
  }

  private deliver(notice: Notice) {
    if (notice.k !== "run") return;
    const set = this.subscribers.get(notice.runId);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(notice);
      } catch (error) {
        console.error("[live] subscriber failed", error);
      }
    }
  }
}

const HUBS = Symbol.for("runledger.live.hubs");
type G = typeof globalThis & { [HUBS]?: WeakMap<DbHandle, LiveHub> };

/** The process's hub for a database handle (the process-wide one by default). */
export function liveHub(handle: DbHandle = getDb()): LiveHub {
  const g = globalThis as G;
  g[HUBS] ??= new WeakMap();
  let hub = g[HUBS].get(handle);
  if (!hub) {
    hub = new LiveHub(handle);
    g[HUBS].set(handle, hub);
  }
  return hub;
}
