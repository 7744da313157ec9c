"use client";

import { useNow } from "@/components/ui/relative-time";
import type { RunStep } from "@/lib/ui/runs";
import { formatAbsolute, formatDuration } from "@/lib/ui/time";
import { buildTimeline, placeSegment, type SegmentKind } from "@/lib/ui/timeline";
import { StepStatusBadge } from "./status-badge";

const segmentStyle: Record<SegmentKind, string> = {
  queued: "bg-slate-300 dark:bg-slate-600",
  scheduled:
    "bg-violet-300 dark:bg-violet-700 bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(255,255,255,.35)_4px,rgba(255,255,255,.35)_8px)]",
  approval: "bg-amber-300 dark:bg-amber-600",
  manual: "bg-orange-300 dark:bg-orange-600",
  running: "bg-brand-500",
  failed: "bg-red-500",
};
const segmentLabel: Record<SegmentKind, string> = {
  queued: "Queued / backoff",
  scheduled: "Delay",
  approval: "Awaiting approval",
  manual: "Awaiting manual start",
  running: "Running",
  failed: "Failed",
};

const timeOf = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour12: false });

export function StepTimeline({ steps, live }: { steps: RunStep[]; live: boolean }) {
  const clock = useNow();
  const now = clock || Date.now();
  const t = buildTimeline(steps, live ? now : Date.now());
  const hasBars = t.rows.some((r) => r.segments.length > 0);
  const kinds = new Set(t.rows.flatMap((r) => r.segments.map((s) => s.kind)));
  return (
    <div>
      {hasBars && clock ? (
        <div className="mb-2 flex items-center justify-between pl-[calc(40%+0.75rem)] text-[11px] text-slate-600 tabular-nums sm:pl-[calc(28%+0.75rem)] dark:text-slate-400">
          <span>{timeOf(t.start)}</span>
          <span>{formatDuration(t.end - t.start)}</span>
          <span>{timeOf(t.end)}</span>
        </div>
      ) : null}
      <ol className="space-y-1.5" aria-label="Step timeline">
        {t.rows.map((row) => {
          const step = steps.find((s) => s.step_number === row.stepNumber);
          return (
            <li
              key={row.stepNumber}
              className="grid grid-cols-[40%_1fr] items-center gap-3 sm:grid-cols-[28%_1fr]"
              data-testid="timeline-row"
            >
              <div className="min-w-0">
                <div className="flex min-w-0 items-center gap-2">
                  <span className="w-5 shrink-0 text-right text-xs text-slate-600 dark:text-slate-400 tabular-nums">
                    {row.stepNumber}
                  </span>
                  <span className="truncate text-sm font-medium" title={row.name}>
                    {row.name}
                  </span>
                </div>
                <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 pl-7 text-xs text-slate-600 dark:text-slate-400">
                  <StepStatusBadge status={row.status} />
                  {step?.duration_ms !== null && step?.duration_ms !== undefined ? (
                    <span className="tabular-nums">{formatDuration(step.duration_ms)}</span>
                  ) : null}
                  {row.attempts > 1 ? (
                    <span className="text-amber-700 dark:text-amber-300">{row.attempts} attempts</span>
                  ) : null}
                  {step?.delay_in_seconds ? (
                    <span>delay {formatDuration(step.delay_in_seconds * 1000)}</span>
                  ) : null}
                </div>
              </div>
              <div className="relative h-6 rounded bg-slate-100 dark:bg-slate-800/70" aria-hidden="true">
                {row.segments.map((s, i) => {
                  const { left, width } = placeSegment(t, s);
                  return (
                    <div
                      // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
                      key={i}
                      title={
                        clock
                          ? `${segmentLabel[s.kind]}${s.attempt ? ` (attempt ${s.attempt})` : ""}: ${formatAbsolute(new Date(s.from))}, ${formatDuration(s.to - s.from)}`
                          : undefined
                      }
                      className={`absolute top-1 bottom-1 rounded-sm ${segmentStyle[s.kind]} ${s.open && live ? "animate-pulse" : ""}`}
                      style={{ left: `${left}%`, width: s.kind === "failed" ? "3px" : `max(${width}%, 3px)` }}
                    />
                  );
                })}
                {row.retryMarks.map((m) => (
                  <div
                    key={m}
                    className="absolute top-0 bottom-0 w-0.5 bg-red-500"
                    style={{
                      left: `${placeSegment(t, { kind: "failed", from: m, to: m, open: false }).left}%`,
                    }}
                  />
                ))}
              </div>
            </li>
          );
        })}
      </ol>
      {kinds.size ? (
        <ul
          className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
          aria-label="Legend"
        >
          {[...kinds].map((k) => (
            <li key={k} className="flex items-center gap-1.5">
              <span aria-hidden="true" className={`inline-block h-2.5 w-4 rounded-sm ${segmentStyle[k]}`} />
              {segmentLabel[k]}
            </li>
          ))}
          {t.rows.some((r) => r.retryMarks.length) ? (
            <li className="flex items-center gap-1.5">
              <span aria-hidden="true" className="inline-block h-3 w-0.5 bg-red-500" />
              Failed attempt, retried
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
