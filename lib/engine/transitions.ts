// The run and step state machines, as pure functions of (state, event, context) → (target, effects).
//
// Nothing here touches the database, the clock or the network: `now` and `random` come from the
// caller, and the result is plain data. The DB layer applies the effects inside one transaction that
// is fenced on the state it read (`… WHERE status = $from AND attempt = $attempt`), so a lost race
// writes nothing. See DESIGN.md, "Run and step lifecycle".
//
// Decisions (the brief left these open):
// - Human gates before time gates. `release` checks, in order: required_human_approval →
//   waiting_approval; auto_start false → waiting_manual; delay_in_seconds > 0 → scheduled; else
//   queued. Clearing the human gate (`approve_threshold_met`, `manual_start`) then applies the delay,
//   counted from the moment the gate cleared: scheduled with run_at = now + delay, else queued. So a
//   node configured with both a gate and a delay honours both, and the delay means "this long after
//   the step was allowed to run", never "already elapsed while a human was deciding".
// - An approval also satisfies auto_start = false: the approvers are the humans who start the step,
//   and asking for an extra "start" click after the approval threshold is met would be redundant.
// - `timeout` is retried like `fail`: a slow LLM or channel call is usually transient. With retries
//   left the step goes back to queued with backoff; when they are exhausted it ends in `timeout` (not
//   `failed`), so analytics can tell slow steps from broken ones. The handler is aborted either way.
// - `lease_expired` requeues immediately, keeping its run_at (its place in the queue, so recovery does
//   not wait behind the backlog), and does not consume the retry budget: the
//   worker died, the step did not fail. `attempt` still grows on the next claim, which fences out the
//   old worker if it is merely partitioned. No abort effect: the reaper is not the lease holder.
// - Manual `retry` (failed/timeout/cancelled → queued) gives a fresh retry budget and runs now.
//   `reset` (any terminal → pending, for rerun-from-step) clears the outcome and the budget.
//   Neither resets `attempt`: it is the fencing token and must only grow.
// - Run `fail` is allowed from pending (e.g. inputs rejected before the first step), active and
//   waiting (a rejection arrives while the run waits on an approval); `timeout` only from active and
//   waiting (a run that never started has no deadline running); `complete` only from active.

import {
  type RunStatus,
  type StepStatus,
  terminalRunStatuses,
  terminalStepStatuses,
} from "@/db/schema/enums";
import { type BackoffOptions, backoffDelayMs } from "@/lib/engine/backoff";

export const stepEvents = [
  "release",
  "approve_threshold_met",
  "manual_start",
  "due",
  "claim",
  "complete",
  "fail",
  "reject",
  "timeout",
  "lease_expired",
  "cancel",
  "skip",
  "retry",
  "reset",
] as const;
export type StepEvent = (typeof stepEvents)[number];

export const runEvents = [
  "start",
  "wait",
  "resume",
  "complete",
  "fail",
  "cancel",
  "timeout",
  "rerun_from_step",
] as const;
export type RunEvent = (typeof runEvents)[number];

export type StepState = StepStatus;
export type RunState = RunStatus;
export type TerminalStepStatus = (typeof terminalStepStatuses)[number];
export type TerminalRunStatus = (typeof terminalRunStatuses)[number];

/** The part of a node's configuration (copied onto the step row, seed 000) the machine needs. */
export interface NodeConfig {
  autoStart: boolean;
  requiredHumanApproval: boolean;
  /** null, 0 or negative: no delay. */
  delayInSeconds: number | null;
  /** Automatic retries allowed after the first attempt; negative is treated as 0. */
  maxRetries: number;
}

export interface StepTransitionContext {
  now: Date;
  node: NodeConfig;
  /** The step's attempt counter as read (0 before its first claim). */
  attempt: number;
  /** Automatic retries already consumed, as read. */
  retryCount: number;
  /** Jitter source for the retry backoff; defaults to Math.random. */
  random?: () => number;
  /** Backoff bounds; defaults to those of backoff.ts. */
  backoff?: Omit<BackoffOptions, "random">;
}

export interface RunTransitionContext {
  /** Defaults to the current time; pass it to keep the call pure. */
  now?: Date;
}

/** An entry for the row's JSONB `events` array (the seed-004 timeline). */
export interface LedgerEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/** Instructions for the DB layer. Plain data so that tests can compare them exactly. */
export type Effect =
  | { type: "set_run_at"; at: Date }
  | { type: "clear_run_at" }
  /** Keep the step's place in the queue: its run_at, or `fallback` if it has none. */
  | { type: "keep_run_at"; fallback: Date }
  | { type: "increment_attempt" }
  | { type: "increment_retry_count" }
  | { type: "reset_retry_count" }
  | { type: "set_started_at"; at: Date }
  | { type: "set_ended_at"; at: Date }
  /** Clear ended_at, duration, output and error, so a rerun does not show the previous outcome. */
  | { type: "clear_outcome" }
  | { type: "clear_lease" }
  /** Fire the running handler's AbortSignal. */
  | { type: "abort_handler"; reason: "timeout" | "cancelled" }
  /** Run only: cancel every step of the run that is not terminal yet. */
  | { type: "cancel_open_steps" }
  | { type: "append_event"; event: LedgerEvent };

export type TransitionResult<S extends string> =
  | { ok: true; to: S; effects: Effect[] }
  | { ok: false; reason: string };

/** For each status, the legal events and every target each may resolve to (context decides which). */
export type TransitionTable<S extends string, E extends string> = Readonly<
  Record<S, Readonly<Partial<Record<E, readonly S[]>>>>
>;

export const stepTransitionTable: TransitionTable<StepStatus, StepEvent> = {
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
};

export const runTransitionTable: TransitionTable<RunStatus, RunEvent> = {
  pending: { start: ["active"], fail: ["failed"], cancel: ["cancelled"] },
  active: {
    wait: ["waiting"],
    complete: ["completed"],
    fail: ["failed"],
    cancel: ["cancelled"],
    timeout: ["timeout"],
  },
  waiting: { resume: ["active"], fail: ["failed"], cancel: ["cancelled"], timeout: ["timeout"] },
  completed: { rerun_from_step: ["active"] },
  failed: { rerun_from_step: ["active"] },
  cancelled: { rerun_from_step: ["active"] },
  timeout: { rerun_from_step: ["active"] },
};

export function isTerminalStep(status: StepStatus): status is TerminalStepStatus {
  return (terminalStepStatuses as readonly StepStatus[]).includes(status);
}

export function isTerminalRun(status: RunStatus): status is TerminalRunStatus {
  return (terminalRunStatuses as readonly RunStatus[]).includes(status);
}

/** Legal events for a step status, in the order of `stepEvents` (stable for UIs and tests). */
export function legalStepEvents(status: StepStatus): StepEvent[] {
  return legalEvents(stepTransitionTable, stepEvents, status);
}

/** Legal events for a run status, in the order of `runEvents`. */
export function legalRunEvents(status: RunStatus): RunEvent[] {
  return legalEvents(runTransitionTable, runEvents, status);
}

function legalEvents<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  events: readonly E[],
  status: S,
): E[] {
  const row = Object.hasOwn(table, status) ? table[status] : undefined;
  return row ? events.filter((event) => Object.hasOwn(row, event)) : [];
}

// ---------------------------------------------------------------------------------------------------
// Shared core

/** What an event handler decides once the table has said the event is legal. */
interface Resolution<S extends string> {
  to: S;
  effects: Effect[];
  /** Extra data for the timeline entry. */
  data?: Record<string, unknown>;
}

function transition<S extends string, E extends string>(
  machine: "step" | "run",
  table: TransitionTable<S, E>,
  state: S,
  event: E,
  now: Date,
  resolve: () => Resolution<S>,
): TransitionResult<S> {
  // Statuses and events may come from the database or a request body; check them at runtime too.
  if (!Object.hasOwn(table, state)) return { ok: false, reason: `unknown ${machine} status "${state}"` };
  const targets = table[state][event];
  if (!targets) {
    return { ok: false, reason: `${machine} event "${event}" is not allowed in status "${state}"` };
  }
  const { to, effects, data } = resolve();
  if (!targets.includes(to)) {
    // A resolver disagreeing with its own table is a programming error, not a user error.
    throw new Error(`${machine} transition table does not allow ${state} --${event}--> ${to}`);
  }
  const entry: LedgerEvent = { type: `${machine}.${event}`, at: now, data: { from: state, to, ...data } };
  return { ok: true, to, effects: [...effects, { type: "append_event", event: entry }] };
}

// ---------------------------------------------------------------------------------------------------
// Step machine

function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

function delayMs(node: NodeConfig): number {
  const seconds = node.delayInSeconds ?? 0;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** After every human gate: wait for the node's delay if it has one, otherwise run now. */
function afterHumanGates(ctx: StepTransitionContext): Resolution<StepStatus> {
  const delay = delayMs(ctx.node);
  if (delay > 0) {
    const at = addMs(ctx.now, delay);
    return { to: "scheduled", effects: [{ type: "set_run_at", at }], data: { runAt: at.toISOString() } };
  }
  return { to: "queued", effects: [{ type: "set_run_at", at: ctx.now }] };
}

function release(ctx: StepTransitionContext): Resolution<StepStatus> {
  if (ctx.node.requiredHumanApproval) return { to: "waiting_approval", effects: [] };
  if (!ctx.node.autoStart) return { to: "waiting_manual", effects: [] };
  return afterHumanGates(ctx);
}

/**
 * A running attempt ended badly (`fail` or `timeout`): requeue with backoff while automatic retries
 * remain, otherwise end in `exhausted`.
 */
function retryOrEnd(
  ctx: StepTransitionContext,
  exhausted: "failed" | "timeout",
  extra: Effect[],
): Resolution<StepStatus> {
  const maxRetries = Math.max(0, ctx.node.maxRetries);
  if (ctx.retryCount < maxRetries) {
    const delay = backoffDelayMs(ctx.retryCount, { ...ctx.backoff, random: ctx.random });
    const at = addMs(ctx.now, delay);
    return {
      to: "queued",
      effects: [
        ...extra,
        { type: "clear_lease" },
        { type: "increment_retry_count" },
        { type: "set_run_at", at },
      ],
      data: {
        attempt: ctx.attempt,
        retry: ctx.retryCount + 1,
        maxRetries,
        delayMs: delay,
        runAt: at.toISOString(),
      },
    };
  }
  return {
    to: exhausted,
    effects: [...extra, { type: "clear_lease" }, { type: "set_ended_at", at: ctx.now }],
    data: { attempt: ctx.attempt, retriesExhausted: maxRetries },
  };
}

function cancelStep(state: StepStatus, ctx: StepTransitionContext): Resolution<StepStatus> {
  // Only a running step has a handler to stop and a lease to give back.
  const running: Effect[] =
    state === "running" ? [{ type: "abort_handler", reason: "cancelled" }, { type: "clear_lease" }] : [];
  return { to: "cancelled", effects: [...running, { type: "set_ended_at", at: ctx.now }] };
}

type StepResolver = (state: StepStatus, ctx: StepTransitionContext) => Resolution<StepStatus>;

const stepResolvers: Record<StepEvent, StepResolver> = {
  release: (_state, ctx) => release(ctx),
  approve_threshold_met: (_state, ctx) => afterHumanGates(ctx),
  manual_start: (_state, ctx) => afterHumanGates(ctx),
  due: () => ({ to: "queued", effects: [] }),
  claim: (_state, ctx) => ({
    to: "running",
    effects: [{ type: "increment_attempt" }, { type: "set_started_at", at: ctx.now }],
    data: { attempt: ctx.attempt + 1 },
  }),
  complete: (_state, ctx) => ({
    to: "completed",
    effects: [{ type: "clear_lease" }, { type: "set_ended_at", at: ctx.now }],
    data: { attempt: ctx.attempt },
  }),
  fail: (_state, ctx) => retryOrEnd(ctx, "failed", []),
  timeout: (_state, ctx) => retryOrEnd(ctx, "timeout", [{ type: "abort_handler", reason: "timeout" }]),
  reject: (_state, ctx) => ({ to: "failed", effects: [{ type: "set_ended_at", at: ctx.now }] }),
  lease_expired: (_state, ctx) => ({
    to: "queued",
    effects: [{ type: "clear_lease" }, { type: "keep_run_at", fallback: ctx.now }],
    data: { attempt: ctx.attempt },
  }),
  cancel: cancelStep,
  skip: (_state, ctx) => ({ to: "skipped", effects: [{ type: "set_ended_at", at: ctx.now }] }),
  retry: (_state, ctx) => ({
    to: "queued",
    effects: [{ type: "clear_outcome" }, { type: "reset_retry_count" }, { type: "set_run_at", at: ctx.now }],
    data: { manual: true },
  }),
  reset: () => ({
    to: "pending",
    effects: [{ type: "clear_outcome" }, { type: "reset_retry_count" }, { type: "clear_run_at" }],
  }),
};

export function stepTransition(
  state: StepState,
  event: StepEvent,
  ctx: StepTransitionContext,
): TransitionResult<StepStatus> {
  const resolver = Object.hasOwn(stepResolvers, event) ? stepResolvers[event] : undefined;
  if (!resolver) return { ok: false, reason: `unknown step event "${event}"` };
  return transition("step", stepTransitionTable, state, event, ctx.now, () => resolver(state, ctx));
}

// ---------------------------------------------------------------------------------------------------
// Run machine

type RunResolver = (now: Date) => Resolution<RunStatus>;

/** A run that ends without completing stops its open steps, so none is claimed afterwards. */
function endRun(to: "failed" | "cancelled" | "timeout"): RunResolver {
  return (now) => ({ to, effects: [{ type: "set_ended_at", at: now }, { type: "cancel_open_steps" }] });
}

const runResolvers: Record<RunEvent, RunResolver> = {
  start: (now) => ({ to: "active", effects: [{ type: "set_started_at", at: now }] }),
  wait: () => ({ to: "waiting", effects: [] }),
  resume: () => ({ to: "active", effects: [] }),
  complete: (now) => ({ to: "completed", effects: [{ type: "set_ended_at", at: now }] }),
  fail: endRun("failed"),
  cancel: endRun("cancelled"),
  timeout: endRun("timeout"),
  rerun_from_step: () => ({ to: "active", effects: [{ type: "clear_outcome" }] }),
};

export function runTransition(
  state: RunState,
  event: RunEvent,
  ctx: RunTransitionContext = {},
): TransitionResult<RunStatus> {
  const resolver = Object.hasOwn(runResolvers, event) ? runResolvers[event] : undefined;
  if (!resolver) return { ok: false, reason: `unknown run event "${event}"` };
  const now = ctx.now ?? new Date();
  return transition("run", runTransitionTable, state, event, now, () => resolver(now));
}
