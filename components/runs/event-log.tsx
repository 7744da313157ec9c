"use client";

import { useState } from "react";
import { useNow } from "@/components/ui/relative-time";
import type { RunStep } from "@/lib/ui/runs";
import { formatAbsolute } from "@/lib/ui/time";

type LogLine = { at: string; step: number; stepName: string; type: string; data: Record<string, unknown> };

const LIMIT = 60;

function summarize(data: Record<string, unknown>): string {
  const { from, to, ...rest } = data;
  const parts: string[] = [];
  if (typeof from === "string" && typeof to === "string") parts.push(`${from} → ${to}`);
  else if (typeof to === "string") parts.push(`→ ${to}`);
  const extra = Object.entries(rest).filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (extra.length) {
    parts.push(
      extra
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ")
        .slice(0, 300),
    );
  }
  return parts.join("  ");
}

const tone = (type: string) =>
  /fail|error|timeout|reject/.test(type)
    ? "text-red-700 dark:text-red-300"
    : /complete|approv/.test(type)
      ? "text-emerald-700 dark:text-emerald-300"
      : /retry|lease_expired|cancel|timeout/.test(type)
        ? "text-amber-700 dark:text-amber-300"
        : "text-slate-700 dark:text-slate-300";

export function EventLog({ steps }: { steps: RunStep[] }) {
  const clock = useNow();
  const [showAll, setShowAll] = useState(false);
  const lines: LogLine[] = steps
    .flatMap((s) =>
      (s.events ?? []).map((e) => ({
        at: e.timestamp,
        step: s.step_number,
        stepName: s.step_name,
        type: e.type,
        data: e.data ?? {},
      })),
    )
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.step - a.step));
  const shown = showAll ? lines : lines.slice(0, LIMIT);
  if (!lines.length)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No events recorded yet.</p>;
  return (
    <div>
      <section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        aria-label="Event log entries"
        className="relative max-h-96 overflow-auto rounded-lg border border-slate-200 dark:border-slate-800"
      >
        <table className="w-full text-xs">
          <caption className="sr-only">Run events, newest first</caption>
          <thead className="sticky top-0 bg-slate-50 text-left text-slate-600 dark:bg-slate-950 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Time
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Step
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Event
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Details
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 font-mono dark:divide-slate-800">
            {shown.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; order is stable
              <tr key={`${l.at}-${l.step}-${i}`} className="align-top">
                <td className="whitespace-nowrap px-3 py-1.5 text-slate-600 tabular-nums dark:text-slate-400">
                  <time dateTime={l.at} title={clock ? formatAbsolute(l.at) : l.at}>
                    {clock
                      ? new Date(l.at).toLocaleTimeString(undefined, {
                          hour: "2-digit",
                          minute: "2-digit",
                          second: "2-digit",
                          fractionalSecondDigits: 3,
                          hourCycle: "h23",
                        })
                      : l.at.slice(11, 23)}
                  </time>
                </td>
                <td className="max-w-40 truncate px-3 py-1.5 font-sans" title={l.stepName}>
                  {l.step}. {l.stepName}
                </td>
                <td className={`whitespace-nowrap px-3 py-1.5 ${tone(l.type)}`}>{l.type}</td>
                <td className="px-3 py-1.5 break-words text-slate-700 dark:text-slate-300">
                  {summarize(l.data)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {lines.length > LIMIT ? (
        <button
          type="button"
          onClick={() => setShowAll((v) => !v)}
          className="mt-2 text-xs font-medium text-brand-700 hover:underline dark:text-brand-100"
        >
          {showAll ? "Show the latest only" : `Show all ${lines.length} events`}
        </button>
      ) : null}
    </div>
  );
}
