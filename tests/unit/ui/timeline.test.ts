import { describe, expect, it } from "vitest";
import { buildTimeline, placeSegment, type TimelineStepInput } from "@/lib/ui/timeline";

const T0 = Date.parse("2025-03-04T12:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ev = (s: number, from: string, to: string, type = `step.${to}`) => ({
  type,
  timestamp: at(s),
  data: { from, to },
});

function step(
  partial: Partial<TimelineStepInput> & Pick<TimelineStepInput, "step_number">,
): TimelineStepInput {
  return {
    step_name: `Step ${partial.step_number}`,
    status: "completed",
    attempt: 1,
    retry_count: 0,
    started_at: null,
    completed_at: null,
    events: [],
    ...partial,
  };
}

describe("buildTimeline", () => {
  it("turns transitions into segments by status", () => {
    const t = buildTimeline([
      step({
        step_number: 1,
        started_at: at(2),
        completed_at: at(10),
        events: [
          { type: "step.created", timestamp: at(0) },
          ev(0, "pending", "queued", "step.release"),
          ev(2, "queued", "running", "step.claim"),
          ev(10, "running", "completed", "step.complete"),
        ],
      }),
    ]);
    expect(t.start).toBe(T0);
    expect(t.end).toBe(T0 + 10_000);
    expect(t.rows[0]?.segments).toEqual([
      { kind: "queued", from: T0, to: T0 + 2000, open: false },
      { kind: "running", from: T0 + 2000, to: T0 + 10_000, attempt: 1, open: false },
    ]);
  });

  it("shows each attempt, the retry mark and the backoff between them", () => {
    const t = buildTimeline([
      step({
        step_number: 1,
        attempt: 2,
        retry_count: 1,
        completed_at: at(20),
        events: [
          ev(0, "pending", "queued"),
          ev(1, "queued", "running"),
          ev(5, "running", "queued", "step.fail"),
          ev(9, "queued", "running"),
          ev(20, "running", "completed"),
        ],
      }),
    ]);
    const row = t.rows[0]!;
    expect(row.attempts).toBe(2);
    expect(row.retries).toBe(1);
    expect(row.retryMarks).toEqual([T0 + 5000]);
    expect(row.segments.map((s) => [s.kind, s.attempt ?? null, (s.to - s.from) / 1000])).toEqual([
      ["queued", null, 1],
      ["running", 1, 4],
      ["queued", null, 4],
      ["running", 2, 11],
    ]);
  });

  it("shows waits for approval, manual starts and delays", () => {
    const t = buildTimeline(
      [
        step({
          step_number: 2,
          events: [
            ev(0, "pending", "waiting_approval"),
            ev(30, "waiting_approval", "scheduled", "step.approve_threshold_met"),
            ev(90, "scheduled", "queued", "step.due"),
            ev(91, "queued", "running"),
            ev(95, "running", "completed"),
          ],
        }),
        step({ step_number: 3, status: "waiting_manual", events: [ev(95, "pending", "waiting_manual")] }),
      ],
      T0 + 100_000,
    );
    expect(t.rows[0]?.segments.map((s) => s.kind)).toEqual(["approval", "scheduled", "queued", "running"]);
    // a wait still going runs to "now" and is marked open
    expect(t.rows[1]?.segments).toEqual([
      { kind: "manual", from: T0 + 95_000, to: T0 + 100_000, open: true },
    ]);
  });

  it("marks where a step gave up", () => {
    const t = buildTimeline([
      step({
        step_number: 1,
        status: "failed",
        events: [
          ev(0, "pending", "queued"),
          ev(1, "queued", "running"),
          ev(3, "running", "failed", "step.fail"),
        ],
      }),
    ]);
    expect(t.rows[0]?.segments.at(-1)).toEqual({
      kind: "failed",
      from: T0 + 3000,
      to: T0 + 3000,
      open: false,
    });
  });

  it("draws a run recorded without transitions from its start and end times", () => {
    const t = buildTimeline([step({ step_number: 1, started_at: at(0), completed_at: at(4) })]);
    expect(t.rows[0]?.segments).toEqual([
      { kind: "running", from: T0, to: T0 + 4000, attempt: 1, open: false },
    ]);
  });

  it("is empty but valid for steps that never started", () => {
    const t = buildTimeline([step({ step_number: 1, status: "pending" })], T0);
    expect(t.rows[0]?.segments).toEqual([]);
    expect(t.start).toBe(T0);
  });
});

describe("placeSegment", () => {
  it("places segments as percentages of the whole run", () => {
    const t = { start: 0, end: 1000, rows: [] };
    expect(placeSegment(t, { kind: "running", from: 250, to: 750, open: false })).toEqual({
      left: 25,
      width: 50,
    });
    expect(placeSegment(t, { kind: "running", from: 900, to: 1200, open: false })).toEqual({
      left: 90,
      width: 10,
    });
  });
});
