"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  isRunStep,
  isTerminalRunStatus,
  mergeRun,
  mergeStep,
  parseStreamData,
  type RunDocument,
  runQueryKey,
} from "@/lib/ui/runs";

/** live: events flowing · connecting/reconnecting: EventSource retrying · polling: fallback · ended: run is over */
export type StreamState = "connecting" | "live" | "reconnecting" | "polling" | "ended";

/** How long a broken stream may keep retrying before polling takes over (it keeps retrying meanwhile). */
const FALLBACK_AFTER_MS = 4000;

/**
 * Keeps the run document in the React Query cache current from the run's Server-Sent Events:
 * `run` events replace or patch the document, `step` events fold into its steps and agents.
 * EventSource reconnects by itself (the server sends `retry: 3000`); after each reconnect the
 * document is refetched once so nothing sent while disconnected is missed. When the stream
 * cannot be opened at all, or stays down, the state says "polling" and the page's query polls.
 */
export function useRunStream(runId: string, runIsOpen: boolean): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>(runIsOpen ? "connecting" : "ended");

  useEffect(() => {
    if (!runIsOpen) {
      setState("ended");
      return;
    }
    if (typeof EventSource === "undefined") {
      setState("polling");
      return;
    }
    const key = runQueryKey(runId);
    const es = new EventSource(`/api/workflow/executions/${encodeURIComponent(runId)}/stream`);
    let fallback: ReturnType<typeof setTimeout> | undefined;
    let refetch: ReturnType<typeof setTimeout> | undefined;
    let disconnected = false;
    setState("connecting");

    const refetchSoon = (delay = 400) => {
      if (refetch) return;
      refetch = setTimeout(() => {
        refetch = undefined;
        void qc.invalidateQueries({ queryKey: key });
      }, delay);
    };

    // the last word on a finished run comes from a read that starts now: a poll or refetch already in
    // flight may have read the run before its last writes (ranked results) and must not land after it
    const refetchFinal = () => {
      clearTimeout(refetch);
      refetch = undefined;
      void qc.invalidateQueries({ queryKey: key }, { cancelRefetch: true });
    };

    es.onopen = () => {
      clearTimeout(fallback);
      fallback = undefined;
      setState("live");
      if (disconnected) refetchSoon(0);
      disconnected = false;
    };

    es.addEventListener("run", (e) => {
      const data = parseStreamData((e as MessageEvent<string>).data);
      if (!data) return;
      const prev = qc.getQueryData<RunDocument>(key);
      const next = mergeRun(prev, data);
      if (next && next !== prev) qc.setQueryData<RunDocument>(key, next);
      const isDocument = Array.isArray(data.steps);
      // a summary cannot carry matches or steps: fetch the document when the status moves
      if (!isDocument && prev && prev.status !== data.status) refetchSoon();
      if (typeof data.status === "string" && isTerminalRunStatus(data.status)) {
        es.close();
        clearTimeout(fallback);
        setState("ended");
        refetchFinal();
      }
    });

    es.addEventListener("step", (e) => {
      const data = parseStreamData((e as MessageEvent<string>).data);
      // the step routes answer { workflow_id, run_status, step }; the stream may send either form
      const step = data && isRunStep(data) ? data : data && isRunStep(data.step) ? data.step : null;
      if (!step) return;
      const prev = qc.getQueryData<RunDocument>(key);
      if (prev) qc.setQueryData<RunDocument>(key, mergeStep(prev, step));
      else refetchSoon();
    });

    // the server's last word on a finished (or deleted) run: stop, and read the final document
    es.addEventListener("end", () => {
      es.close();
      clearTimeout(fallback);
      setState("ended");
      refetchFinal();
    });

    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        // refused outright (404, 401, wrong content type) or told to stop (204): no more retries
        clearTimeout(fallback);
        const doc = qc.getQueryData<RunDocument>(key);
        setState(doc && isTerminalRunStatus(doc.status) ? "ended" : "polling");
        return;
      }
      disconnected = true;
      setState((s) => (s === "polling" ? s : "reconnecting"));
      if (!fallback) {
        fallback = setTimeout(() => {
          fallback = undefined;
          setState((s) => (s === "live" ? s : "polling"));
        }, FALLBACK_AFTER_MS);
      }
    };

    return () => {
      es.close();
      clearTimeout(fallback);
      clearTimeout(refetch);
    };
  }, [runId, runIsOpen, qc]);

  return state;
}
