// Gantt rows for a run's steps, rebuilt from each step's event log: every interval between two
// transitions is a segment coloured by the status the step was in, so waits for approval,
// delays, queueing, retries (one running segment per attempt) and backoff all show.

export type TimelineStepInput = {
  step_number: number;
  step_name: string;
  status: string;
  attempt: number;
  retry_count: number;
  started_at: string | null;
  completed_at: string | null;
  events: { type: string; timestamp: string; data?: Record<string, unknown> }[];
};

export type SegmentKind = "queued" | "scheduled" | "approval" | "manual" | "running" | "failed";

export type Segment = { kind: SegmentKind; from: number; to: number; attempt?: number; open: boolean };

export type TimelineRow = {
  stepNumber: number;
  name: string;
  status: string;
  attempts: number;
  retries: number;
  segments: Segment[];
  /** Instants of failed attempts that were retried. */
  retryMarks: number[];
};

export type Timeline = { start: number; end: number; rows: TimelineRow[] };

const KIND_BY_STATUS: Record<string, SegmentKind | undefined> = {
  queued: "queued",
  scheduled: "scheduled",
  waiting_approval: "approval",
  waiting_manual: "manual",
  running: "running",
};

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

function rowOf(step: TimelineStepInput, now: number): TimelineRow {
  const transitions = step.events
    .map((e) => ({
      at: ms(e.timestamp),
      to: typeof e.data?.to === "string" ? e.data.to : null,
      type: e.type,
    }))
    .filter((e): e is { at: number; to: string | null; type: string } => e.at !== null)
    .sort((a, b) => a.at - b.at);
  const segments: Segment[] = [];
  const retryMarks: number[] = [];
  let current: { kind: SegmentKind; from: number; attempt?: number } | null = null;
  let attempt = 0;
  for (const t of transitions) {
    if (!t.to) continue;
    if (current) segments.push({ ...current, to: t.at, open: false });
    if (t.to === "running") attempt += 1;
    if (current?.kind === "running" && t.to === "queued") retryMarks.push(t.at);
    const kind = KIND_BY_STATUS[t.to];
    current = kind ? { kind, from: t.at, ...(kind === "running" ? { attempt } : {}) } : null;
    if (!kind && (t.to === "failed" || t.to === "timeout")) {
      // a zero-width marker where the step gave up
      segments.push({ kind: "failed", from: t.at, to: t.at, open: false });
    }
  }
  if (current) {
    const end = ms(step.completed_at) ?? now;
    segments.push({ ...current, to: Math.max(end, current.from), open: true });
  }
  // runs recorded without transitions (imports, external executors): one bar from start to end
  if (!segments.some((s) => s.kind === "running")) {
    const start = ms(step.started_at);
    if (start !== null) {
      const end = ms(step.completed_at) ?? (step.status === "running" ? now : start);
      segments.push({
        kind: "running",
        from: start,
        to: end,
        attempt: Math.max(1, step.attempt),
        open: !step.completed_at,
      });
    }
  }
  segments.sort((a, b) => a.from - b.from);
  return {
    stepNumber: step.step_number,
    name: step.step_name,
    status: step.status,
    attempts: Math.max(step.attempt, attempt),
    retries: Math.max(step.retry_count, retryMarks.length),
    segments,
    retryMarks,
  };
}

export function buildTimeline(steps: TimelineStepInput[], now: number = Date.now()): Timeline {
  const rows = steps.map((s) => rowOf(s, now));
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of rows)
    for (const s of r.segments) {
      start = Math.min(start, s.from);
      end = Math.max(end, s.to);
    }
  if (!Number.isFinite(start)) return { start: now, end: now, rows };
  // at least one second wide so a run of instant steps still draws
  return { start, end: Math.max(end, start + 1000), rows };
}

/** A segment's left offset and width as percentages of the timeline. */
export function placeSegment(t: Timeline, s: Segment): { left: number; width: number } {
  const span = t.end - t.start || 1;
  const left = ((s.from - t.start) / span) * 100;
  const width = ((s.to - s.from) / span) * 100;
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0, Math.min(100 - left, width)) };
}
