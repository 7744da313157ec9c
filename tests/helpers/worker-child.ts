// A worker process for the crash test (tests/integration/engine/crash.test.ts): runs a Worker against
// the PostgreSQL database given on the command line, with a slow, idempotent handler for "todo" steps.
//
//   node --conditions=react-server --import tsx tests/helpers/worker-child.ts <database-url> <worker-id>
//
// Environment: CHILD_HANDLER_MS (time a step takes, default 300), CHILD_LEASE_MS (default 1000),
// CHILD_CONCURRENCY (default 4), CHILD_MAX_MS (watchdog: exit after this long, default 120000),
// CHILD_INJECT_DRIVER_BUG_MS (throw the driver's nextWrite TypeError this long after start; 0: never).
//
// The handler, per attempt: logs the attempt in engine_attempts, applies the step's effect at most
// once per step (engine_effects, guarded by a per-step advisory lock), then takes CHILD_HANDLER_MS.
// Killing the process during that wait leaves an applied effect on a step that never completed — the
// at-least-once case the engine must survive without recording the effect twice.
// Prints "ready <worker-id>" when claiming has started; SIGTERM stops gracefully.
import { sql } from "drizzle-orm";
import { openPostgres, rows } from "@/db/client";
import { recycleOnDriverBug, surviveDriverFaults } from "@/db/driver-faults";
import type { StepHandler } from "@/lib/agents/types";
import { shutdownWithin } from "@/lib/engine/shutdown";
import { Worker } from "@/lib/engine/worker";

const [url, workerId = `child-${process.pid}`] = process.argv.slice(2);
if (!url) {
  console.error("usage: worker-child.ts <database-url> [worker-id]");
  process.exit(2);
}
const handlerMs = Number(process.env.CHILD_HANDLER_MS ?? 300);
const leaseMs = Number(process.env.CHILD_LEASE_MS ?? 1_000);
const concurrency = Number(process.env.CHILD_CONCURRENCY ?? 4);
const maxMs = Number(process.env.CHILD_MAX_MS ?? 120_000);
const injectDriverBugMs = Number(process.env.CHILD_INJECT_DRIVER_BUG_MS ?? 0);

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const slowIdempotent: StepHandler = async ({ step, tenant, signal }) => {
  await tenant((tx) =>
    tx.execute(
      sql`insert into engine_attempts (step_id, attempt, worker) values (${step.id}, ${step.attempt}, ${workerId})`,
    ),
  );
  const applied = await tenant(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${step.id}))`);
    const inserted = await rows<{ step_id: string }>(
      tx,
      sql`insert into engine_effects (step_id, attempt, worker)
          select ${step.id}, ${step.attempt}, ${workerId}
          where not exists (select 1 from engine_effects where step_id = ${step.id})
          returning step_id`,
    );
    return inserted.length === 1;
  });
  await pause(handlerMs, signal);
  return { output: { attempt: step.attempt, worker: workerId, applied_effect: applied } };
};

async function main() {
  // as scripts/worker.ts does: no driver error ends the process
  const log = (message: string, data?: Record<string, unknown>) =>
    console.error(`[${workerId}] ${message} ${JSON.stringify(data ?? {})}`);
  let onDriverBug = () => {};
  surviveDriverFaults(log, () => onDriverBug());
  const handle = openPostgres(url!, concurrency + 2, `runledger-worker ${workerId}`);
  const worker = new Worker(handle, {
    workerId,
    handlers: { todo: slowIdempotent },
    concurrency,
    leaseMs,
    heartbeatMs: Math.max(50, Math.floor(leaseMs / 4)),
    pollMs: 25,
    housekeepingMs: 100,
    relayWebhooks: false,
    log: (message, data) => console.error(`[${workerId}] ${message} ${JSON.stringify(data ?? {})}`),
  });
  await worker.start();
  onDriverBug = recycleOnDriverBug(handle, () => worker.resubscribe(), log);
  console.log(`ready ${workerId}`);
  if (injectDriverBugMs > 0) {
    // the driver's nextWrite fault, as Node reports it: a TypeError thrown from a setImmediate whose
    // top frame is postgres.js's connection.js (the real one needs a rare interleaving to appear)
    setTimeout(() => {
      setImmediate(() => {
        const bug = new TypeError("Cannot read properties of null (reading 'write')");
        bug.stack = `TypeError: ${bug.message}\n    at nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)`;
        throw bug;
      });
    }, injectDriverBugMs);
  }
  const watchdog = setTimeout(() => {
    console.error(`[${workerId}] watchdog: exiting after ${maxMs} ms`);
    process.exit(3);
  }, maxMs);
  watchdog.unref();
  // as scripts/worker.ts stops: exit 0 only after a clean stop and close, bounded whatever hangs
  process.once("SIGTERM", () => {
    void shutdownWithin({
      worker,
      graceMs: 2_000,
      limitMs: 17_000,
      close: () => handle.close(),
      log: (message) => console.error(`[${workerId}] ${message}`),
      exit: (code) => process.exit(code),
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
