import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { isDriverConnectionFault } from "@/db/driver-faults";
import { compactAnalyticsRollups } from "@/db/queries/rollups";
import { type WorkflowRun, type WorkflowRunStep, workflowRunSteps, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { HandlerRegistry } from "@/lib/agents/types";
import { heartbeatFor } from "@/lib/env";
import { relayDueDeliveries } from "@/lib/webhooks/outbox";
import {
  assembleStepInput,
  emptyIoSchema,
  type IoSchema,
  indexStepOutputs,
  type StepInputBinding,
  validateStepOutput,
} from "./io-schema";
import { classifyFailure } from "./failures";
import type { Claimed } from "./hot-path";
import { listen, type Notice, NoticeBatcher, notify } from "./notify";
import type { ConfigSnapshot } from "./runs";
import {
  claimStepsWithRuns,
  failStep,
  finishStep,
  heartbeat,
  MAX_LOST_LEASES,
  reapExpiredLeases,
  releaseStep,
  timeoutOverdueRuns,
} from "./scheduler";

export type WorkerOptions = {
  handlers: HandlerRegistry;
  workerId?: string;
  /** Handlers running at once in this process. */
  concurrency?: number;
  leaseMs?: number;
  heartbeatMs?: number;
  /** Fallback poll when no notification arrives. */
  pollMs?: number;
  /** Reaper, run deadlines, webhook relay, retention. */
  housekeepingMs?: number;
  relayWebhooks?: boolean;
  /** The relay's claim on a delivery (WEBHOOK_CLAIM_MS). */
  relayClaimMs?: number;
  /** Extra periodic work (retention cleanup), at most once per interval. */
  daily?: { everyMs: number; run: () => Promise<unknown> };
  log?: (message: string, data?: Record<string, unknown>) => void;
};

type Inflight = { step: WorkflowRunStep; controller: AbortController; done: Promise<void> };

class AbortReason extends Error {
  constructor(readonly kind: "timeout" | "cancelled" | "lost" | "shutdown") {
    super(kind === "timeout" ? "step timed out" : `step ${kind}`);
  }
}

/**
 * The durable executor: claims due steps, runs their handlers with a lease,
 * heartbeats, an AbortSignal for timeout and cancellation, and finishes each
 * attempt in one fenced transaction. Any number of workers, in any number of
 * processes, coordinate only through the database.
 */
export class Worker {
  readonly id: string;
  private readonly opts: Required<Omit<WorkerOptions, "daily" | "workerId">> & Pick<WorkerOptions, "daily">;
  private readonly inflight = new Map<string, Inflight>();
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  /** A wake-up that arrived while the loop was not sleeping (claiming, or all slots busy). */
  private wakePending = false;
  private unlisten: (() => Promise<void>) | null = null;
  private lastHousekeeping = 0;
  private lastDaily = 0;
  /** When the loop last claimed across organizations; completions refill their slot only within pollMs of it. */
  private lastClaim = 0;
  /** Run notices and wake-ups of completions, coalesced into one NOTIFY statement per interval. */
  private readonly notices: NoticeBatcher;

  constructor(
    private readonly handle: DbHandle,
    options: WorkerOptions,
  ) {
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.opts = {
      handlers: options.handlers,
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 30_000,
      // the heartbeat follows the lease (a fixed one let short leases lapse under live handlers)
      heartbeatMs: options.heartbeatMs ?? heartbeatFor(options.leaseMs ?? 30_000),
      pollMs: options.pollMs ?? 1_000,
      housekeepingMs: options.housekeepingMs ?? 5_000,
      relayWebhooks: options.relayWebhooks ?? true,
      relayClaimMs: options.relayClaimMs ?? 30_000,
      daily: options.daily,
      log: options.log ?? (() => {}),
    };
    this.notices = new NoticeBatcher(handle.db, (error) =>
      this.opts.log("notify failed", { error: String(error) }),
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unlisten = await listen(this.handle, (n) => this.onNotice(n));
    this.loopDone = this.loop();
  }

  /** Subscribes to notices again (after DbHandle.recycle replaced the pool the old subscription was on). */
  async resubscribe(): Promise<void> {
    if (!this.running) return;
    const old = this.unlisten;
    this.unlisten = await listen(this.handle, (n) => this.onNotice(n));
    await old?.().catch(() => {});
  }

  /** Stops claiming, lets handlers finish within graceMs, then aborts and releases the rest. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake(); // also when the loop is between sleeps: its next sleep returns at once
    await this.loopDone;
    const pending = [...this.inflight.values()];
    const timer = new Promise((r) => setTimeout(r, graceMs));
    await Promise.race([Promise.all(pending.map((p) => p.done)), timer]);
    for (const p of this.inflight.values()) p.controller.abort(new AbortReason("shutdown"));
    await Promise.all([...this.inflight.values()].map((p) => p.done));
    await this.notices.flush();
    // a subscription on a connection that was cut may fail to end; it goes with the pool anyway
    await this.unlisten?.().catch((error: unknown) =>
      this.opts.log("unsubscribe failed on stop", { error: String(error) }),
    );
  }

  /** The settings this worker runs with (start-up log, tests). */
  get settings(): { concurrency: number; leaseMs: number; heartbeatMs: number; relayClaimMs: number } {
    const { concurrency, leaseMs, heartbeatMs, relayClaimMs } = this.opts;
    return { concurrency, leaseMs, heartbeatMs, relayClaimMs };
  }

  get activeSteps(): number {
    return this.inflight.size;
  }

  private onNotice(n: Notice) {
    if (n.k === "wake") this.wake();
    if (n.k === "abort") this.inflight.get(n.stepId)?.controller.abort(new AbortReason(n.reason));
  }

  private async loop() {
    let failures = 0; // consecutive: the database is down or its connections are being cut
    while (this.running) {
      try {
        await this.housekeeping();
        const free = this.opts.concurrency - this.inflight.size;
        if (free > 0) {
          const claimed = await claimStepsWithRuns(this.handle.db, {
            workerId: this.id,
            batch: free,
            leaseMs: this.opts.leaseMs,
          });
          this.lastClaim = Date.now();
          for (const c of claimed) this.execute(c);
          failures = 0;
          if (claimed.length === free) continue; // more may be due: claim again at once
        }
      } catch (error) {
        failures++;
        this.opts.log("worker loop error", { error: String(error), failures });
      }
      // back off while the database fails (the pool reconnects on the next query), up to 5 s
      await this.sleep(failures ? Math.min(this.opts.pollMs * 2 ** failures, 5_000) : this.opts.pollMs);
    }
  }

  /** Ends the loop's sleep now, or makes its next sleep return at once, so no wake-up is lost. */
  private wake() {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  private sleep(ms: number) {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async housekeeping() {
    const now = Date.now();
    if (now - this.lastHousekeeping < this.opts.housekeepingMs) return;
    this.lastHousekeeping = now;
    const db = this.handle.db;
    const reaped = await reapExpiredLeases(db);
    const timedOut = await timeoutOverdueRuns(db);
    const relayed = this.opts.relayWebhooks
      ? await relayDueDeliveries(db, { claimMs: this.opts.relayClaimMs })
      : 0;
    await compactAnalyticsRollups(db);
    if (reaped || timedOut || relayed) this.opts.log("housekeeping", { reaped, timedOut, relayed });
    if (this.opts.daily && now - this.lastDaily >= this.opts.daily.everyMs) {
      this.lastDaily = now;
      await this.opts.daily
        .run()
        .catch((e: unknown) => this.opts.log("daily task failed", { error: String(e) }));
    }
  }

  /**
   * Runs a claimed attempt in a slot; when its completion claims the run's next step (or refills
   * the slot from the organization's queue), the slot goes straight on with it.
   */
  private execute(first: Claimed) {
    const controller = new AbortController();
    const entry: Inflight = { step: first.step, controller, done: Promise.resolve() };
    const slot = async () => {
      let current: Claimed | undefined = first;
      while (current) {
        const { step } = current;
        entry.step = step;
        entry.controller = new AbortController();
        this.inflight.set(step.id, entry);
        let next: Claimed[] = [];
        try {
          next = await this.runAttempt(current, entry.controller);
        } catch (error) {
          // an outcome the database refuses to store (or cannot be reached for) must not crash the
          // process with an unhandled rejection: the lease lapses and the reaper requeues the step
          this.opts.log("attempt not recorded", {
            step: step.id,
            attempt: step.attempt,
            error: String(error),
          });
        }
        // keyed by step: a newer attempt this worker claimed after losing the lease keeps its entry
        if (this.inflight.get(step.id) === entry) this.inflight.delete(step.id);
        current = next[0];
        for (const extra of next.slice(1)) this.execute(extra);
      }
    };
    entry.done = slot().finally(() => this.wake()); // a slot is free: claim again rather than wait for the next poll
    this.inflight.set(first.step.id, entry);
  }

  private async runAttempt(claimed: Claimed, controller: AbortController): Promise<Claimed[]> {
    const { step, run } = claimed;
    const db = this.handle.db;
    const timers: NodeJS.Timeout[] = [];
    if (step.timeoutSeconds) {
      timers.push(setTimeout(() => controller.abort(new AbortReason("timeout")), step.timeoutSeconds * 1000));
    }
    let beating = false;
    const beat = setInterval(() => {
      if (beating) return; // the last heartbeat is still in flight: do not pile up on a slow database
      beating = true;
      heartbeat(db, step, this.opts.leaseMs)
        .then((alive) => {
          if (!alive) controller.abort(new AbortReason("lost"));
        })
        .catch(() => {})
        .finally(() => {
          beating = false;
        });
    }, this.opts.heartbeatMs);
    timers.push(beat);
    let input: Record<string, unknown> | undefined;
    try {
      const handler = this.opts.handlers[step.stepType];
      const prepared = this.prepare(claimed);
      if (prepared.problems) {
        await failStep(db, step, {
          kind: "fail",
          retryable: false,
          message: prepared.problems.message,
          details: prepared.problems.details,
        });
        return [];
      }
      input = prepared.input;
      if (!handler) {
        await failStep(db, step, {
          kind: "fail",
          retryable: false,
          message: `No handler for step type "${step.stepType}"`,
          input,
        });
        return [];
      }
      const aborted = new Promise<never>((_, reject) => {
        if (controller.signal.aborted) reject(controller.signal.reason);
        controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
      });
      aborted.catch(() => {});
      const result = await Promise.race([
        handler({
          db,
          run,
          step,
          input,
          signal: controller.signal,
          tenant: (fn) => withTenant(db, step.orgId, fn),
          progress: (processed, total, patch) => this.reportProgress(step, run, processed, total, patch),
        }),
        aborted,
      ]);
      const schema = (step.ioSchema as IoSchema | null) ?? emptyIoSchema;
      const checked = validateStepOutput(result.output, schema);
      if (!checked.ok) {
        // a handler that breaks its node's contract is a bug: retrying cannot fix it
        const message = checked.errors.map((e) => e.message).join("; ");
        await failStep(db, step, {
          kind: "fail",
          retryable: false,
          message: `Invalid step output: ${message}`,
          details: { errors: checked.errors },
          input,
        });
        return [];
      }
      // stop the attempt's timers before the completion: a step continued from it has its own
      for (const t of timers) clearTimeout(t);
      // completion, release of the next step and, when it is queued, its claim for this slot
      const refill = this.running && Date.now() - this.lastClaim < this.opts.pollMs ? 1 : 0;
      const finished = await finishStep(
        db,
        step,
        { ...result, input },
        {
          continueAs: this.running ? { workerId: this.id, leaseMs: this.opts.leaseMs } : undefined,
          refill,
        },
      );
      if (finished.outcome === "lost") {
        this.opts.log("completion fenced out", { step: step.id, attempt: step.attempt });
        return [];
      }
      this.notices.run(finished.run.id, finished.run.orgId);
      if (finished.queued) this.notices.wake();
      for (const c of finished.next)
        if (c.run.id !== finished.run.id) this.notices.run(c.run.id, c.run.orgId);
      return finished.next;
    } catch (error) {
      await this.recordFailure(step, controller, error, input);
      return [];
    } finally {
      for (const t of timers) clearTimeout(t);
    }
  }

  private async recordFailure(
    step: WorkflowRunStep,
    controller: AbortController,
    error: unknown,
    input?: Record<string, unknown>,
  ) {
    const db = this.handle.db;
    const reason = controller.signal.aborted ? controller.signal.reason : null;
    if (reason instanceof AbortReason) {
      if (reason.kind === "timeout") {
        await failStep(db, step, {
          kind: "timeout",
          retryable: true,
          message: `Timed out after ${step.timeoutSeconds} s`,
          details: { timeout_seconds: step.timeoutSeconds },
          input,
        });
      } else if (reason.kind === "shutdown") {
        await releaseStep(db, step);
      }
      // cancelled or lost: whoever changed the step has recorded why; this attempt writes nothing
      return;
    }
    if (isDriverConnectionFault(error) && step.attempt <= step.maxRetries + MAX_LOST_LEASES) {
      // the database went away under the handler, not the step's fault: requeue without spending a
      // retry (capped like lost leases); if the database is still away this fails too and the lease lapses
      await releaseStep(db, step, "database connection lost");
      return;
    }
    // only a StepError's own words reach the ledger; anything else is logged under a correlation id
    const failure = classifyFailure(error, step);
    await failStep(db, step, { kind: "fail", ...failure, input });
  }

  /** Assembles the step's input from run inputs and the snapshot's data bindings (read by the claim). */
  private prepare({ step, run, sources }: Claimed) {
    const snapshot = run.configSnapshot as ConfigSnapshot | null;
    const bindings: StepInputBinding[] = (snapshot?.bindings ?? []).flatMap((b): StepInputBinding[] =>
      b.targetStepNumber !== undefined && b.sourceStepNumber !== undefined
        ? b.targetStepNumber === step.stepNumber
          ? [{ sourceStepNumber: b.sourceStepNumber, sourceKey: b.sourceKey, targetKey: b.targetKey }]
          : []
        : b.targetNodeId === step.nodeId
          ? [{ sourceNodeId: b.sourceNodeId, sourceKey: b.sourceKey, targetKey: b.targetKey }]
          : [],
    );
    const outputsByNode = indexStepOutputs(bindings.length ? sources : []);
    const schema: IoSchema = (step.ioSchema as IoSchema | null) ?? emptyIoSchema;
    // the batch columns stand in for inputs a caller did not repeat (startRun with jdId/resumeIds only)
    const batch = run.jdId !== null || run.resumeIds.length > 0;
    const runInputs: Record<string, unknown> = batch
      ? {
          ...(run.jdId ? { jd_id: run.jdId } : {}),
          ...(run.resumeIds.length ? { resume_ids: run.resumeIds } : {}),
          force_reprocess: run.forceReprocess,
          ...run.inputs,
        }
      : run.inputs;
    const assembled = assembleStepInput({ runInputs, bindings, outputsByNode, schema });
    if (!assembled.ok) {
      const message = assembled.errors.map((e) => e.message).join("; ");
      return {
        input: {},
        problems: { message: `Invalid step input: ${message}`, details: { errors: assembled.errors } },
      };
    }
    // a node that declares no inputs gets the run's inputs as they are
    const input = schema.inputs.length ? assembled.value : { ...runInputs, ...assembled.value };
    return { input, problems: null };
  }

  /** Live progress: the step's processed/total and, when the handler says so, the run's processed_resumes. */
  private async reportProgress(
    step: WorkflowRunStep,
    run: WorkflowRun,
    processed: number,
    total: number,
    patch?: { processedResumes?: number },
  ) {
    await withTenant(this.handle.db, step.orgId, async (tx) => {
      const updated = await tx
        .update(workflowRunSteps)
        .set({ processedItems: Math.min(processed, total), totalItems: total })
        .where(
          and(
            eq(workflowRunSteps.id, step.id),
            eq(workflowRunSteps.status, "running"),
            eq(workflowRunSteps.attempt, step.attempt),
          ),
        )
        .returning({ id: workflowRunSteps.id });
      if (!updated.length) return;
      if (patch?.processedResumes !== undefined) {
        await tx
          .update(workflowRuns)
          .set({ processedResumes: Math.min(patch.processedResumes, run.totalResumes) })
          .where(eq(workflowRuns.id, run.id));
      }
      await notify(tx, { k: "run", runId: run.id, orgId: run.orgId });
    });
  }
}

export { AbortReason };
