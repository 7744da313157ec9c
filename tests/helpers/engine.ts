// Shared helpers for the engine's integration tests: a tenant with users, workflows written through
// insertWorkflowDefinition, run starts, row readers (as the owner, so RLS never hides anything from an
// assertion), a polling `waitFor`, and controllable step handlers for custom worker registries.
import { randomUUID } from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database, DbHandle } from "@/db/client";
import {
  type User,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowConfigs,
  workflowRunSteps,
  workflowRuns,
} from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import type { HandlerContext, HandlerRegistry, StepHandler } from "@/lib/agents/types";
import { type Actor, type StartRunInput, startRun } from "@/lib/engine/runs";
import type { StepSuccess } from "@/lib/engine/scheduler";
import { Worker, type WorkerOptions } from "@/lib/engine/worker";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import {
  type BindingDefinition,
  type NodeDefinition,
  nodeDefaults,
  type WorkflowDefinition,
} from "@/lib/workflows/definitions";
import { insertOrganization, makeUser, uniq } from "./factories";

// ── tenants and workflows ─────────────────────────────────────────────────────────────────────────

export type Tenant = {
  orgId: string;
  admin: User;
  /** The admin as the engine's actor (starts runs, cancels, approves when listed). */
  actor: Actor & { userId: string; role: UserRole };
};

/** An organization with one admin. */
export async function makeTenant(db: Database): Promise<Tenant> {
  const orgId = randomUUID();
  const admin = await withTenant(db, orgId, async (tx) => {
    await insertOrganization(tx, { id: orgId });
    return makeUser(tx, { orgId, role: "admin" });
  });
  return { orgId, admin, actor: { orgId, userId: admin.id, role: "admin" } };
}

/** More users of the tenant (approvers, outsiders). */
export async function makeUsers(db: Database, orgId: string, count: number, role: UserRole = "recruiter") {
  return withTenant(db, orgId, async (tx) => {
    const made: User[] = [];
    for (let i = 0; i < count; i++) made.push(await makeUser(tx, { orgId, role }));
    return made;
  });
}

export function actorOf(user: User): Actor & { userId: string; role: UserRole } {
  return { orgId: user.orgId, userId: user.id, role: user.role };
}

/** A node with the test defaults: step type "todo", auto start, no gates, no retries, no timeout. */
export type TestNode = Partial<Omit<NodeDefinition, "key">> & { key?: string };

export type TestWorkflow = { workflowId: string; nodeIds: string[]; definition: WorkflowDefinition };

/** Writes a workflow through insertWorkflowDefinition; nodes keyed n1..nN unless they name a key. */
export async function makeWorkflow(
  db: Database,
  orgId: string,
  nodes: TestNode[],
  bindings: BindingDefinition[] = [],
): Promise<TestWorkflow> {
  const definition: WorkflowDefinition = {
    name: uniq("Engine test"),
    description: "engine integration test",
    nodes: nodes.map((n, i) => ({
      ...nodeDefaults,
      stepName: `Step ${i + 1}`,
      stepType: "todo",
      stepDescription: `test step ${i + 1}`,
      maxRetries: 0,
      ioSchema: { inputs: [], outputs: [] },
      ...n,
      key: n.key ?? `n${i + 1}`,
    })),
    bindings,
    channels: [],
  };
  const created = await withTenant(db, orgId, (tx) => insertWorkflowDefinition(tx, orgId, definition));
  return {
    workflowId: created.workflowId,
    nodeIds: definition.nodes.map((n) => created.nodeIds[n.key]!),
    definition,
  };
}

/** An active global configuration for the tenant (merged into runs' snapshot and run timeout). */
export async function activateGlobalConfig(db: Database, orgId: string, config: Record<string, unknown>) {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx
      .insert(workflowConfigs)
      .values({ orgId, scope: "global", version: 1, config, isActive: true })
      .returning();
    return row!;
  });
}

/** Starts a run in its own tenant transaction. */
export function start(
  db: Database,
  actor: Actor,
  workflowId: string,
  input: Partial<StartRunInput> = {},
): Promise<WorkflowRun> {
  return withTenant(db, actor.orgId, (tx) => startRun(tx, actor, { workflowId, channel: "web", ...input }));
}

/** Starts `count` runs, `parallel` at a time. */
export async function startMany(
  db: Database,
  actor: Actor,
  workflowId: string,
  count: number,
  parallel = 8,
): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, () => start(db, actor, workflowId));
    runs.push(...(await Promise.all(batch)));
  }
  return runs;
}

// ── readers (owner connection: row-level security does not hide rows from assertions) ─────────────

export async function getRun(db: Database, runId: string): Promise<WorkflowRun> {
  const [run] = await db.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
  if (!run) throw new Error(`run ${runId} not found`);
  return run;
}

export async function getStep(db: Database, stepId: string): Promise<WorkflowRunStep> {
  const [step] = await db.select().from(workflowRunSteps).where(eq(workflowRunSteps.id, stepId));
  if (!step) throw new Error(`step ${stepId} not found`);
  return step;
}

/** A run's steps by step number. */
export function stepsOf(db: Database, runId: string): Promise<WorkflowRunStep[]> {
  return db
    .select()
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, runId))
    .orderBy(asc(workflowRunSteps.stepNumber));
}

export async function runsByIds(db: Database, ids: string[]): Promise<WorkflowRun[]> {
  if (!ids.length) return [];
  return db.select().from(workflowRuns).where(inArray(workflowRuns.id, ids));
}

export function eventTypes(step: Pick<WorkflowRunStep, "events">): string[] {
  return step.events.map((e) => e.type);
}

/**
 * Ends everything still open so the next test's claims and reaps see only their own rows (claims and
 * the reaper work across organizations). Owner SQL: a test tool, not an engine transition.
 */
export async function quiesce(db: Database): Promise<void> {
  await db.execute(sql`update workflow_run_steps
    set status = 'cancelled', lease_owner = null, lease_expires_at = null
    where status in ('pending', 'waiting_approval', 'waiting_manual', 'scheduled', 'queued', 'running')`);
  await db.execute(sql`update workflow_runs set status = 'cancelled'
    where status in ('pending', 'active', 'waiting')`);
}

/** Moves a step's run_at (and, for running steps, its lease) into the past: "time has passed". */
export async function makeDue(db: Database, stepId: string): Promise<void> {
  await db.execute(
    sql`update workflow_run_steps set run_at = now() - interval '1 second' where id = ${stepId}`,
  );
}

export async function expireLease(db: Database, stepId: string): Promise<void> {
  await db.execute(
    sql`update workflow_run_steps set lease_expires_at = now() - interval '1 second' where id = ${stepId}`,
  );
}

// ── waiting ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Polls `probe` until it returns a truthy value and returns that value. On timeout, fails with the
 * description and the last value seen (never a bare "timed out"). Timeouts are liveness bounds,
 * generous for loaded machines; no test asserts how long anything took.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  timeoutMs = 30_000,
  description = "condition",
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) {
      throw new Error(
        `waitFor(${description}) timed out after ${timeoutMs} ms; last value: ${safeJson(last)}`,
      );
    }
    await sleep(intervalMs);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the run reaches one of `statuses`; returns it. */
export function waitForRun(
  db: Database,
  runId: string,
  statuses: WorkflowRun["status"][],
  timeoutMs = 30_000,
): Promise<WorkflowRun> {
  return waitFor(
    async () => {
      const run = await getRun(db, runId);
      return statuses.includes(run.status) ? run : null;
    },
    timeoutMs,
    `run ${runId} in ${statuses.join("|")}`,
  );
}

/** Waits until the step reaches one of `statuses`; returns it. */
export function waitForStep(
  db: Database,
  stepId: string,
  statuses: WorkflowRunStep["status"][],
  timeoutMs = 30_000,
): Promise<WorkflowRunStep> {
  return waitFor(
    async () => {
      const step = await getStep(db, stepId);
      return statuses.includes(step.status) ? step : null;
    },
    timeoutMs,
    `step ${stepId} in ${statuses.join("|")}`,
  );
}

// ── controllable handlers ─────────────────────────────────────────────────────────────────────────

export type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves when the signal fires (with its reason); never rejects. */
export function aborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(signal.reason), { once: true }),
  );
}

export type Call = {
  stepId: string;
  runId: string;
  stepNumber: number;
  stepType: string;
  attempt: number;
  input: Record<string, unknown>;
  signal: AbortSignal;
  /** Set when the handler's promise settled. */
  settled?: "resolved" | "rejected";
};

type Behaviour = (ctx: HandlerContext, call: Call) => Promise<StepSuccess>;

/**
 * A step handler that records every call and does whatever `behave` says (default: succeed at once
 * with `{ attempt }` as output). `handler` goes into a worker's registry.
 */
export class Probe {
  readonly calls: Call[] = [];
  private waiters: (() => void)[] = [];

  constructor(private behave: Behaviour = async (_ctx, call) => ({ output: { attempt: call.attempt } })) {}

  setBehaviour(behave: Behaviour) {
    this.behave = behave;
  }

  readonly handler: StepHandler = async (ctx) => {
    const call: Call = {
      stepId: ctx.step.id,
      runId: ctx.run.id,
      stepNumber: ctx.step.stepNumber,
      stepType: ctx.step.stepType,
      attempt: ctx.step.attempt,
      input: ctx.input,
      signal: ctx.signal,
    };
    this.calls.push(call);
    for (const w of this.waiters.splice(0)) w();
    try {
      const result = await this.behave(ctx, call);
      call.settled = "resolved";
      return result;
    } catch (error) {
      call.settled = "rejected";
      throw error;
    }
  };

  callsFor(stepId: string): Call[] {
    return this.calls.filter((c) => c.stepId === stepId);
  }

  /** Waits until `predicate` holds for some call; returns that call. */
  async waitForCall(predicate: (c: Call) => boolean = () => true, timeoutMs = 30_000): Promise<Call> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching handler call within ${timeoutMs} ms (${this.calls.length} calls)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

// ── workers ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Short timings for tests: fast polls and housekeeping. The lease is long enough that a loaded
 * machine never loses one by accident; tests that need a lease to lapse say so (expireLease, or
 * their own leaseMs).
 */
export const testTimings = {
  pollMs: 25,
  leaseMs: 10_000,
  heartbeatMs: 200,
  housekeepingMs: 100,
} as const;

/** A worker with test timings, no webhook relay and the given registry; remember to `stop()` it. */
export function testWorker(
  handle: DbHandle,
  handlers: HandlerRegistry,
  options: Partial<WorkerOptions> = {},
): Worker {
  return new Worker(handle, {
    handlers,
    ...testTimings,
    relayWebhooks: false,
    concurrency: 4,
    ...options,
  });
}

/** Starts the workers, runs `fn`, and always stops them (short grace: tests end their handlers). */
export async function withWorkers<T>(workers: Worker[], fn: () => Promise<T>, graceMs = 2_000): Promise<T> {
  await Promise.all(workers.map((w) => w.start()));
  try {
    return await fn();
  } finally {
    await Promise.all(workers.map((w) => w.stop(graceMs)));
  }
}

/** Timestamps of a step's events, as numbers, in order. */
export function eventTimes(step: Pick<WorkflowRunStep, "events">): number[] {
  return step.events.map((e) => Date.parse(e.timestamp));
}

export function isNonDecreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v >= values[i - 1]!);
}
