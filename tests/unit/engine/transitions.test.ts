import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RunStatus, runStatuses, type StepStatus, stepStatuses } from "@/db/schema/enums";
import {
  type Effect,
  isTerminalRun,
  isTerminalStep,
  legalRunEvents,
  legalStepEvents,
  type NodeConfig,
  type RunEvent,
  runEvents,
  runTransition,
  runTransitionTable,
  type StepEvent,
  type StepTransitionContext,
  stepEvents,
  stepTransition,
  stepTransitionTable,
} from "@/lib/engine/transitions";

const NOW = new Date("2025-01-14T10:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

const plainNode: NodeConfig = {
  autoStart: true,
  requiredHumanApproval: false,
  delayInSeconds: null,
  maxRetries: 2,
};

function ctx(
  overrides: Partial<StepTransitionContext> = {},
  node: Partial<NodeConfig> = {},
): StepTransitionContext {
  return {
    now: NOW,
    attempt: 1,
    retryCount: 0,
    random: () => 0.5,
    ...overrides,
    node: { ...plainNode, ...node },
  };
}

type Expected<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

// Written out by hand on purpose: any change to a transition must change this table too.
// Context: a plain node (auto start, no approval, no delay) with retries left.
const EXPECTED_STEP_PLAIN: Expected<StepStatus, StepEvent> = {
  pending: { release: "queued", cancel: "cancelled", skip: "skipped" },
  waiting_approval: { approve_threshold_met: "queued", reject: "failed", cancel: "cancelled" },
  waiting_manual: { manual_start: "queued", cancel: "cancelled" },
  scheduled: { due: "queued", cancel: "cancelled" },
  queued: { claim: "running", cancel: "cancelled" },
  running: {
    complete: "completed",
    fail: "queued",
    timeout: "queued",
    lease_expired: "queued",
    cancel: "cancelled",
  },
  completed: { reset: "pending" },
  failed: { retry: "queued", reset: "pending" },
  timeout: { retry: "queued", reset: "pending" },
  cancelled: { retry: "queued", reset: "pending" },
  skipped: { reset: "pending" },
};

// Context: approval + manual + 60 s delay, retry budget exhausted.
const EXPECTED_STEP_GATED_EXHAUSTED: Expected<StepStatus, StepEvent> = {
  pending: { release: "waiting_approval", cancel: "cancelled", skip: "skipped" },
  waiting_approval: { approve_threshold_met: "scheduled", reject: "failed", cancel: "cancelled" },
  waiting_manual: { manual_start: "scheduled", cancel: "cancelled" },
  scheduled: { due: "queued", cancel: "cancelled" },
  queued: { claim: "running", cancel: "cancelled" },
  running: {
    complete: "completed",
    fail: "failed",
    timeout: "timeout",
    lease_expired: "queued",
    cancel: "cancelled",
  },
  completed: { reset: "pending" },
  failed: { retry: "queued", reset: "pending" },
  timeout: { retry: "queued", reset: "pending" },
  cancelled: { retry: "queued", reset: "pending" },
  skipped: { reset: "pending" },
};

const EXPECTED_RUN: Expected<RunStatus, RunEvent> = {
  pending: { start: "active", fail: "failed", cancel: "cancelled" },
  active: { wait: "waiting", complete: "completed", fail: "failed", cancel: "cancelled", timeout: "timeout" },
  waiting: { resume: "active", fail: "failed", cancel: "cancelled", timeout: "timeout" },
  completed: { rerun_from_step: "active" },
  failed: { rerun_from_step: "active" },
  cancelled: { rerun_from_step: "active" },
  timeout: { rerun_from_step: "active" },
};

function pairs<S extends string, E extends string>(states: readonly S[], events: readonly E[]): [S, E][] {
  return states.flatMap((s) => events.map((e): [S, E] => [s, e]));
}

describe("step machine: every (status, event) pair", () => {
  const all = pairs(stepStatuses, stepEvents);

  it("covers 11 statuses × 14 events", () => {
    expect(all).toHaveLength(154);
  });

  it.each(all)("plain node: %s --%s-->", (state, event) => {
    const result = stepTransition(state, event, ctx());
    const expected = EXPECTED_STEP_PLAIN[state][event];
    if (expected === undefined) {
      expect(result).toEqual({
        ok: false,
        reason: `step event "${event}" is not allowed in status "${state}"`,
      });
    } else {
      expect(result.ok && result.to).toBe(expected);
    }
  });

  it.each(all)("gated, delayed, exhausted node: %s --%s-->", (state, event) => {
    const result = stepTransition(
      state,
      event,
      ctx({ retryCount: 2 }, { autoStart: false, requiredHumanApproval: true, delayInSeconds: 60 }),
    );
    const expected = EXPECTED_STEP_GATED_EXHAUSTED[state][event];
    if (expected === undefined) {
      expect(result.ok).toBe(false);
    } else {
      expect(result.ok && result.to).toBe(expected);
    }
  });
});

describe("run machine: every (status, event) pair", () => {
  const all = pairs(runStatuses, runEvents);

  it("covers 7 statuses × 8 events", () => {
    expect(all).toHaveLength(56);
  });

  it.each(all)("%s --%s-->", (state, event) => {
    const result = runTransition(state, event, { now: NOW });
    const expected = EXPECTED_RUN[state][event];
    if (expected === undefined) {
      expect(result).toEqual({
        ok: false,
        reason: `run event "${event}" is not allowed in status "${state}"`,
      });
    } else {
      expect(result.ok && result.to).toBe(expected);
    }
  });
});

describe("exported tables", () => {
  it("list every possible target of every legal step pair", () => {
    expect(stepTransitionTable).toEqual({
      pending: {
        release: ["waiting_approval", "waiting_manual", "scheduled", "queued"],
        cancel: ["cancelled"],
        skip: ["skipped"],
      },
      waiting_approval: {
        approve_threshold_met: ["scheduled", "queued"],
        reject: ["failed"],
        cancel: ["cancelled"],
      },
      waiting_manual: { manual_start: ["scheduled", "queued"], cancel: ["cancelled"] },
      scheduled: { due: ["queued"], cancel: ["cancelled"] },
      queued: { claim: ["running"], cancel: ["cancelled"] },
      running: {
        complete: ["completed"],
        fail: ["queued", "failed"],
        timeout: ["queued", "timeout"],
        lease_expired: ["queued"],
        cancel: ["cancelled"],
      },
      completed: { reset: ["pending"] },
      failed: { retry: ["queued"], reset: ["pending"] },
      timeout: { retry: ["queued"], reset: ["pending"] },
      cancelled: { retry: ["queued"], reset: ["pending"] },
      skipped: { reset: ["pending"] },
    });
  });

  it("match the run table", () => {
    const asArrays = Object.fromEntries(
      Object.entries(EXPECTED_RUN).map(([s, row]) => [
        s,
        Object.fromEntries(Object.entries(row).map(([e, to]) => [e, [to]])),
      ]),
    );
    expect(runTransitionTable).toEqual(asArrays);
  });

  it("have a row for every status", () => {
    expect(Object.keys(stepTransitionTable).sort()).toEqual([...stepStatuses].sort());
    expect(Object.keys(runTransitionTable).sort()).toEqual([...runStatuses].sort());
  });
});

describe("legal events and terminal sets", () => {
  it("lists legal step events in declaration order", () => {
    expect(legalStepEvents("pending")).toEqual(["release", "cancel", "skip"]);
    expect(legalStepEvents("running")).toEqual(["complete", "fail", "timeout", "lease_expired", "cancel"]);
    expect(legalStepEvents("failed")).toEqual(["retry", "reset"]);
    expect(legalStepEvents("completed")).toEqual(["reset"]);
    expect(legalStepEvents("skipped")).toEqual(["reset"]);
  });

  it("lists legal run events in declaration order", () => {
    expect(legalRunEvents("pending")).toEqual(["start", "fail", "cancel"]);
    expect(legalRunEvents("active")).toEqual(["wait", "complete", "fail", "cancel", "timeout"]);
    expect(legalRunEvents("waiting")).toEqual(["resume", "fail", "cancel", "timeout"]);
    expect(legalRunEvents("timeout")).toEqual(["rerun_from_step"]);
  });

  it("returns no events for an unknown status", () => {
    expect(legalStepEvents("bogus" as StepStatus)).toEqual([]);
    expect(legalRunEvents("toString" as RunStatus)).toEqual([]);
  });

  it("classifies terminal step statuses", () => {
    expect(stepStatuses.filter(isTerminalStep)).toEqual([
      "completed",
      "failed",
      "timeout",
      "cancelled",
      "skipped",
    ]);
  });

  it("classifies terminal run statuses", () => {
    expect(runStatuses.filter(isTerminalRun)).toEqual(["completed", "failed", "cancelled", "timeout"]);
  });

  it("allows cancel from exactly the non-terminal step statuses", () => {
    const cancellable = stepStatuses.filter((s) => legalStepEvents(s).includes("cancel"));
    expect(cancellable).toEqual(stepStatuses.filter((s) => !isTerminalStep(s)));
  });

  it("allows reset from exactly the terminal step statuses", () => {
    const resettable = stepStatuses.filter((s) => legalStepEvents(s).includes("reset"));
    expect(resettable).toEqual(stepStatuses.filter((s) => isTerminalStep(s)));
  });
});

describe("step effects", () => {
  const event = (
    type: StepEvent,
    from: StepStatus,
    to: StepStatus,
    data: Record<string, unknown> = {},
  ): Effect => ({
    type: "append_event",
    event: { type: `step.${type}`, at: NOW, data: { from, to, ...data } },
  });

  describe("release", () => {
    it("queues a plain node to run now", () => {
      expect(stepTransition("pending", "release", ctx())).toEqual({
        ok: true,
        to: "queued",
        effects: [{ type: "set_run_at", at: NOW }, event("release", "pending", "queued")],
      });
    });

    it("waits for approval first, even with auto_start false and a delay", () => {
      expect(
        stepTransition(
          "pending",
          "release",
          ctx({}, { requiredHumanApproval: true, autoStart: false, delayInSeconds: 30 }),
        ),
      ).toEqual({
        ok: true,
        to: "waiting_approval",
        effects: [event("release", "pending", "waiting_approval")],
      });
    });

    it("waits for a manual start before the delay", () => {
      expect(stepTransition("pending", "release", ctx({}, { autoStart: false, delayInSeconds: 30 }))).toEqual(
        {
          ok: true,
          to: "waiting_manual",
          effects: [event("release", "pending", "waiting_manual")],
        },
      );
    });

    it("schedules a delayed node at now + delay", () => {
      expect(stepTransition("pending", "release", ctx({}, { delayInSeconds: 90 }))).toEqual({
        ok: true,
        to: "scheduled",
        effects: [
          { type: "set_run_at", at: at(90_000) },
          event("release", "pending", "scheduled", { runAt: "2025-01-14T10:01:30.000Z" }),
        ],
      });
    });

    it.each([0, -5, null])("treats delay %s as no delay", (delayInSeconds) => {
      const result = stepTransition("pending", "release", ctx({}, { delayInSeconds }));
      expect(result.ok && result.to).toBe("queued");
    });
  });

  describe("human gates then the delay", () => {
    it("approval threshold met with a delay schedules from the approval time", () => {
      const result = stepTransition(
        "waiting_approval",
        "approve_threshold_met",
        ctx({}, { requiredHumanApproval: true, delayInSeconds: 10 }),
      );
      expect(result).toEqual({
        ok: true,
        to: "scheduled",
        effects: [
          { type: "set_run_at", at: at(10_000) },
          event("approve_threshold_met", "waiting_approval", "scheduled", {
            runAt: "2025-01-14T10:00:10.000Z",
          }),
        ],
      });
    });

    it("approval satisfies auto_start false (no second click)", () => {
      const result = stepTransition(
        "waiting_approval",
        "approve_threshold_met",
        ctx({}, { requiredHumanApproval: true, autoStart: false }),
      );
      expect(result.ok && result.to).toBe("queued");
    });

    it("manual start queues now", () => {
      expect(stepTransition("waiting_manual", "manual_start", ctx({}, { autoStart: false }))).toEqual({
        ok: true,
        to: "queued",
        effects: [{ type: "set_run_at", at: NOW }, event("manual_start", "waiting_manual", "queued")],
      });
    });

    it("manual start of a delayed node schedules it", () => {
      const result = stepTransition(
        "waiting_manual",
        "manual_start",
        ctx({}, { autoStart: false, delayInSeconds: 5 }),
      );
      expect(result.ok && result.to).toBe("scheduled");
      expect(result.ok && result.effects[0]).toEqual({ type: "set_run_at", at: at(5_000) });
    });

    it("rejection fails the step", () => {
      expect(stepTransition("waiting_approval", "reject", ctx())).toEqual({
        ok: true,
        to: "failed",
        effects: [{ type: "set_ended_at", at: NOW }, event("reject", "waiting_approval", "failed")],
      });
    });
  });

  it("due queues a scheduled step without touching run_at", () => {
    expect(stepTransition("scheduled", "due", ctx())).toEqual({
      ok: true,
      to: "queued",
      effects: [event("due", "scheduled", "queued")],
    });
  });

  it("claim increments the attempt and stamps the start", () => {
    expect(stepTransition("queued", "claim", ctx({ attempt: 3 }))).toEqual({
      ok: true,
      to: "running",
      effects: [
        { type: "increment_attempt" },
        { type: "set_started_at", at: NOW },
        event("claim", "queued", "running", { attempt: 4 }),
      ],
    });
  });

  it("complete releases the lease and stamps the end", () => {
    expect(stepTransition("running", "complete", ctx({ attempt: 2 }))).toEqual({
      ok: true,
      to: "completed",
      effects: [
        { type: "clear_lease" },
        { type: "set_ended_at", at: NOW },
        event("complete", "running", "completed", { attempt: 2 }),
      ],
    });
  });

  describe("fail", () => {
    it("requeues with equal-jitter backoff while retries remain", () => {
      // retryCount 1 → ceiling 2000 ms; random 0.5 → 1000 + 500.
      expect(stepTransition("running", "fail", ctx({ attempt: 2, retryCount: 1 }))).toEqual({
        ok: true,
        to: "queued",
        effects: [
          { type: "clear_lease" },
          { type: "increment_retry_count" },
          { type: "set_run_at", at: at(1_500) },
          event("fail", "running", "queued", {
            attempt: 2,
            retry: 2,
            maxRetries: 2,
            delayMs: 1_500,
            runAt: "2025-01-14T10:00:01.500Z",
          }),
        ],
      });
    });

    it("honours custom backoff bounds and the injected random", () => {
      const result = stepTransition(
        "running",
        "fail",
        ctx({ retryCount: 0, random: () => 0, backoff: { baseMs: 10, maxMs: 20 } }),
      );
      expect(result.ok && result.effects[2]).toEqual({ type: "set_run_at", at: at(5) });
    });

    it("fails for good once retryCount reaches maxRetries", () => {
      expect(stepTransition("running", "fail", ctx({ attempt: 3, retryCount: 2 }))).toEqual({
        ok: true,
        to: "failed",
        effects: [
          { type: "clear_lease" },
          { type: "set_ended_at", at: NOW },
          event("fail", "running", "failed", { attempt: 3, retriesExhausted: 2 }),
        ],
      });
    });

    it("fails at once with maxRetries 0 (and treats a negative budget as 0)", () => {
      for (const maxRetries of [0, -1]) {
        const result = stepTransition("running", "fail", ctx({}, { maxRetries }));
        expect(result.ok && result.to).toBe("failed");
      }
    });
  });

  describe("timeout", () => {
    it("aborts the handler and requeues while retries remain", () => {
      const result = stepTransition("running", "timeout", ctx({ retryCount: 0 }));
      expect(result).toEqual({
        ok: true,
        to: "queued",
        effects: [
          { type: "abort_handler", reason: "timeout" },
          { type: "clear_lease" },
          { type: "increment_retry_count" },
          { type: "set_run_at", at: at(750) },
          event("timeout", "running", "queued", {
            attempt: 1,
            retry: 1,
            maxRetries: 2,
            delayMs: 750,
            runAt: "2025-01-14T10:00:00.750Z",
          }),
        ],
      });
    });

    it("ends in timeout (not failed) once retries are exhausted", () => {
      expect(stepTransition("running", "timeout", ctx({ retryCount: 2 }))).toEqual({
        ok: true,
        to: "timeout",
        effects: [
          { type: "abort_handler", reason: "timeout" },
          { type: "clear_lease" },
          { type: "set_ended_at", at: NOW },
          event("timeout", "running", "timeout", { attempt: 1, retriesExhausted: 2 }),
        ],
      });
    });
  });

  it("lease expiry requeues at once, keeping its place in the queue, without consuming a retry", () => {
    expect(stepTransition("running", "lease_expired", ctx({ attempt: 4, retryCount: 2 }))).toEqual({
      ok: true,
      to: "queued",
      effects: [
        { type: "clear_lease" },
        // its run_at stays (now only if it had none): recovery does not wait behind the backlog
        { type: "keep_run_at", fallback: NOW },
        event("lease_expired", "running", "queued", { attempt: 4 }),
      ],
    });
  });

  describe("cancel", () => {
    it("aborts a running handler and releases its lease", () => {
      expect(stepTransition("running", "cancel", ctx())).toEqual({
        ok: true,
        to: "cancelled",
        effects: [
          { type: "abort_handler", reason: "cancelled" },
          { type: "clear_lease" },
          { type: "set_ended_at", at: NOW },
          event("cancel", "running", "cancelled"),
        ],
      });
    });

    it.each(["pending", "waiting_approval", "waiting_manual", "scheduled", "queued"] as const)(
      "only stamps the end from %s",
      (state) => {
        expect(stepTransition(state, "cancel", ctx())).toEqual({
          ok: true,
          to: "cancelled",
          effects: [{ type: "set_ended_at", at: NOW }, event("cancel", state, "cancelled")],
        });
      },
    );
  });

  it("skip stamps the end", () => {
    expect(stepTransition("pending", "skip", ctx())).toEqual({
      ok: true,
      to: "skipped",
      effects: [{ type: "set_ended_at", at: NOW }, event("skip", "pending", "skipped")],
    });
  });

  it.each(["failed", "timeout", "cancelled"] as const)(
    "manual retry from %s gives a fresh budget",
    (state) => {
      expect(stepTransition(state, "retry", ctx({ retryCount: 2 }))).toEqual({
        ok: true,
        to: "queued",
        effects: [
          { type: "clear_outcome" },
          { type: "reset_retry_count" },
          { type: "set_run_at", at: NOW },
          event("retry", state, "queued", { manual: true }),
        ],
      });
    },
  );

  it.each(["completed", "failed", "timeout", "cancelled", "skipped"] as const)(
    "reset from %s returns to pending with a clean slate (attempt kept)",
    (state) => {
      const result = stepTransition(state, "reset", ctx());
      expect(result).toEqual({
        ok: true,
        to: "pending",
        effects: [
          { type: "clear_outcome" },
          { type: "reset_retry_count" },
          { type: "clear_run_at" },
          event("reset", state, "pending"),
        ],
      });
      expect(result.ok && result.effects.some((e) => e.type === "increment_attempt")).toBe(false);
    },
  );
});

describe("run effects", () => {
  const event = (type: RunEvent, from: RunStatus, to: RunStatus): Effect => ({
    type: "append_event",
    event: { type: `run.${type}`, at: NOW, data: { from, to } },
  });

  it("start stamps the start", () => {
    expect(runTransition("pending", "start", { now: NOW })).toEqual({
      ok: true,
      to: "active",
      effects: [{ type: "set_started_at", at: NOW }, event("start", "pending", "active")],
    });
  });

  it("wait and resume only log", () => {
    expect(runTransition("active", "wait", { now: NOW })).toEqual({
      ok: true,
      to: "waiting",
      effects: [event("wait", "active", "waiting")],
    });
    expect(runTransition("waiting", "resume", { now: NOW })).toEqual({
      ok: true,
      to: "active",
      effects: [event("resume", "waiting", "active")],
    });
  });

  it("complete stamps the end", () => {
    expect(runTransition("active", "complete", { now: NOW })).toEqual({
      ok: true,
      to: "completed",
      effects: [{ type: "set_ended_at", at: NOW }, event("complete", "active", "completed")],
    });
  });

  it.each([
    ["waiting", "fail", "failed"],
    ["pending", "cancel", "cancelled"],
    ["active", "timeout", "timeout"],
  ] as const)("%s --%s--> %s cancels open steps", (from, ev, to) => {
    expect(runTransition(from, ev, { now: NOW })).toEqual({
      ok: true,
      to,
      effects: [{ type: "set_ended_at", at: NOW }, { type: "cancel_open_steps" }, event(ev, from, to)],
    });
  });

  it("rerun from step clears the outcome", () => {
    expect(runTransition("failed", "rerun_from_step", { now: NOW })).toEqual({
      ok: true,
      to: "active",
      effects: [{ type: "clear_outcome" }, event("rerun_from_step", "failed", "active")],
    });
  });

  it("defaults now to the current time", () => {
    const before = Date.now();
    const result = runTransition("pending", "start");
    const effect = result.ok ? result.effects[0] : undefined;
    expect(effect?.type).toBe("set_started_at");
    const stamped = effect?.type === "set_started_at" ? effect.at.getTime() : Number.NaN;
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});

describe("runtime guards", () => {
  it("rejects unknown statuses and events coming from untyped input", () => {
    expect(stepTransition("archived" as StepStatus, "claim", ctx())).toEqual({
      ok: false,
      reason: 'unknown step status "archived"',
    });
    expect(stepTransition("queued", "explode" as StepEvent, ctx())).toEqual({
      ok: false,
      reason: 'unknown step event "explode"',
    });
    expect(stepTransition("queued", "constructor" as StepEvent, ctx())).toEqual({
      ok: false,
      reason: 'unknown step event "constructor"',
    });
    expect(runTransition("__proto__" as RunStatus, "start", { now: NOW })).toEqual({
      ok: false,
      reason: 'unknown run status "__proto__"',
    });
    expect(runTransition("active", "toString" as RunEvent, { now: NOW })).toEqual({
      ok: false,
      reason: 'unknown run event "toString"',
    });
  });
});

describe("properties (any context)", () => {
  const nodeArb = fc.record({
    autoStart: fc.boolean(),
    requiredHumanApproval: fc.boolean(),
    delayInSeconds: fc.option(fc.integer({ min: -10, max: 86_400 })),
    maxRetries: fc.integer({ min: -1, max: 10 }),
  });
  const ctxArb = fc.record({
    node: nodeArb,
    attempt: fc.nat(20),
    retryCount: fc.nat(12),
    r: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  });

  it("every step result agrees with the table, ends with its timeline entry, never moves run_at backwards", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...stepStatuses),
        fc.constantFrom(...stepEvents),
        ctxArb,
        (state, ev, { node, attempt, retryCount, r }) => {
          const result = stepTransition(state, ev, { now: NOW, node, attempt, retryCount, random: () => r });
          const targets = stepTransitionTable[state][ev];
          expect(result.ok).toBe(targets !== undefined);
          if (!result.ok) return;
          expect(targets).toContain(result.to);
          expect(result.effects.at(-1)?.type).toBe("append_event");
          expect(result.effects.some((e) => e.type === "increment_attempt")).toBe(ev === "claim");
          for (const effect of result.effects) {
            if (effect.type === "set_run_at")
              expect(effect.at.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
          }
          // A step never leaves `running` holding its lease.
          if (state === "running") expect(result.effects.some((e) => e.type === "clear_lease")).toBe(true);
        },
      ),
    );
  });

  it("every run result agrees with the table", () => {
    fc.assert(
      fc.property(fc.constantFrom(...runStatuses), fc.constantFrom(...runEvents), (state, ev) => {
        const result = runTransition(state, ev, { now: NOW });
        const targets = runTransitionTable[state][ev];
        expect(result.ok).toBe(targets !== undefined);
        if (result.ok) expect(targets).toContain(result.to);
      }),
    );
  });
});
