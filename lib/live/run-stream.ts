import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { getRunDetail, listRuns } from "@/db/queries/runs";
import { stepApprovals, workflowRunSteps } from "@/db/schema";
import { terminalRunStatuses } from "@/db/schema/enums";
import { presentRunDocument, presentRunSummary, presentStep } from "@/lib/api/presenters";
import type { LiveHub } from "./hub";

export type RunStreamOptions = {
  runId: string;
  orgId: string;
  hub: LiveHub;
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** The request's signal: a disconnected client ends the stream. */
  signal?: AbortSignal;
  /** Minimum time between two pushes; bursts of changes inside it are sent once (default 100 ms: ≤ 10/s). */
  coalesceMs?: number;
  /** Keep-alive comment interval, which also re-reads the run in case a notice was lost (default 15 s). */
  pingMs?: number;
  /** Reconnection delay the client is told (default 3 s). */
  retryMs?: number;
};

/** The id of the event that carried a terminal run's final state; a reconnect after it gets 204. */
export const FINAL_EVENT_SUFFIX = "-end";

const isTerminal = (status: string) => (terminalRunStatuses as readonly string[]).includes(status);

function sse(event: string | null, data: unknown, id?: string): string {
  const lines: string[] = [];
  if (id) lines.push(`id: ${id}`);
  if (event) lines.push(`event: ${event}`);
  for (const line of JSON.stringify(data).split("\n")) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

/**
 * Server-Sent Events for one run: `event: run` with the run document on connect (and on every
 * reconnect — Last-Event-ID gets a fresh snapshot, never a replay), then `event: run` with the
 * summary and `event: step` per changed step whenever the run changes, coalesced; `: ping` comments
 * keep proxies from closing an idle stream. When the run ends the final state is sent, then
 * `event: end`, and the stream closes. A disconnect removes the subscription.
 */
export function runEventStream(options: RunStreamOptions): ReadableStream<Uint8Array> {
  const coalesceMs = options.coalesceMs ?? 100;
  const pingMs = options.pingMs ?? 15_000;
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  let ping: ReturnType<typeof setInterval> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let flushing: Promise<void> | null = null;
  let dirty = false;
  /** Notices before the snapshot went out are pushed after it. */
  let ready = false;
  let lastPush = 0;
  let seq = 0;
  let lastSummary = "";
  const lastSteps = new Map<string, string>();

  const nextId = (final = false) => `${Date.now()}.${++seq}${final ? FINAL_EVENT_SUFFIX : ""}`;

  const write = (chunk: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      cleanup();
    }
  };

  function cleanup() {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    unsubscribe = null;
    if (ping) clearInterval(ping);
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }

  function finish(status: string) {
    write(sse("end", { status }, nextId(true)));
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  }

  const onAbort = () => {
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed
    }
  };

  async function load() {
    return options.tenant(async (tx) => {
      const page = await listRuns(tx, { orgId: options.orgId, filters: { ids: [options.runId] }, limit: 1 });
      const steps = await tx
        .select()
        .from(workflowRunSteps)
        .where(eq(workflowRunSteps.runId, options.runId))
        .orderBy(asc(workflowRunSteps.stepNumber));
      const approvals = await tx.select().from(stepApprovals).where(eq(stepApprovals.runId, options.runId));
      return { summary: page.rows[0] ?? null, steps, approvals };
    });
  }

  async function push() {
    const state = await load();
    if (closed) return;
    if (!state.summary) return finish("deleted");
    for (const step of state.steps) {
      const json = JSON.stringify(presentStep(step, state.approvals));
      if (lastSteps.get(step.id) !== json) {
        lastSteps.set(step.id, json);
        write(`id: ${nextId()}\nevent: step\ndata: ${json}\n\n`);
      }
    }
    const summary = JSON.stringify(presentRunSummary(state.summary));
    if (summary !== lastSummary) {
      lastSummary = summary;
      write(`id: ${nextId(isTerminal(state.summary.status))}\nevent: run\ndata: ${summary}\n\n`);
    }
    if (isTerminal(state.summary.status)) finish(state.summary.status);
  }

  function schedule() {
    if (closed) return;
    dirty = true;
    if (!ready || timer || flushing) return;
    timer = setTimeout(flush, Math.max(0, lastPush + coalesceMs - Date.now()));
  }

  function flush() {
    timer = null;
    if (closed || !dirty) return;
    dirty = false;
    lastPush = Date.now();
    flushing = push()
      .catch((error: unknown) => {
        console.error("[live] refreshing the run failed", error);
      })
      .finally(() => {
        flushing = null;
        if (dirty) schedule();
      });
  }

  async function open() {
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort);
    // subscribe before reading: a change between the snapshot and the LISTEN is not lost
    const unsubscribeNow = await options.hub.subscribe(options.runId, schedule);
    if (closed) return unsubscribeNow(); // the client left while the LISTEN was being set up
    unsubscribe = unsubscribeNow;
    write(`retry: ${options.retryMs ?? 3000}\n\n`);
    const { detail, summary } = await options.tenant(async (tx) => ({
      detail: await getRunDetail(tx, options.orgId, options.runId),
      summary: (await listRuns(tx, { orgId: options.orgId, filters: { ids: [options.runId] }, limit: 1 }))
        .rows[0],
    }));
    if (!detail || !summary) return finish("deleted");
    const doc = presentRunDocument(detail);
    for (const s of doc.steps) lastSteps.set(s.id, JSON.stringify(s));
    // what the next change is compared with
    lastSummary = JSON.stringify(presentRunSummary(summary));
    const terminal = isTerminal(detail.run.status);
    write(sse("run", doc, nextId(terminal)));
    lastPush = Date.now();
    if (terminal) return finish(detail.run.status);
    ready = true;
    if (dirty) schedule();
    ping = setInterval(() => {
      write(": ping\n\n");
      schedule(); // a lost notice only costs latency
    }, pingMs);
  }

  return new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      try {
        await open();
      } catch (error) {
        cleanup();
        c.error(error);
      }
    },
    cancel() {
      cleanup();
    },
  });
}
