// npm run chaos: the engine under the faults of real life, on PostgreSQL. Exits 1 if any run is lost
// or stuck, any effect is recorded twice, or any worker process died on its own.
//
//   npm run chaos                      the full version: 300 runs, 3 workers, a SIGKILL every 3 s,
//                                      then 150 runs under 6 rounds of pg_terminate_backend
//   npm run chaos -- --short           the CI version: 60 runs, 2 workers, 3 connection-kill rounds
//   npm run chaos -- --runs 500 --workers 4 --kill-every 2000 --connection-kills 10 --keep
//
// CHAOS_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) is a
// superuser URL; the script creates its own database (runledger_chaos_<pid>), migrates it, and drops
// it at the end unless --keep.
//
// The workers are real `npm run worker` processes (scripts/worker.ts, lease 3 s). Each run is a
// workflow of a todo, an interview and a webhook_call step, and ends with a signed run webhook from
// the outbox; both webhooks go to a receiver in this process.
//
// 1. Kill loop: every --kill-every ms one worker is SIGKILLed mid-flight and a new one started.
// 2. Connection kills: pg_terminate_backend on every other connection to the database, several
//    times while steps are running; every worker must live through it.
// Then: every run completed; one todo and one interview per run; one webhook_call message id per run
// (resends keep their id) and one outbox delivery per run, delivered; every worker that was not
// killed on purpose is alive and stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Database, rows } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import * as schema from "@/db/schema";
import { customWorkflow, setupOrg, startCustomRun } from "@/tests/helpers/agents";

const { values: args } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    runs: { type: "string" },
    workers: { type: "string" },
    "kill-every": { type: "string" },
    "connection-kills": { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const SHORT = args.short ?? false;
const RUNS = Number(args.runs ?? (SHORT ? 60 : 300));
const WORKERS = Number(args.workers ?? (SHORT ? 2 : 3));
const KILL_EVERY_MS = Number(args["kill-every"] ?? (SHORT ? 1_500 : 3_000));
/** How long the receiver takes to answer a webhook_call: the window in which a kill hits a step mid-call. */
const CALL_MS = 400;
const CONNECTION_KILLS = Number(args["connection-kills"] ?? (SHORT ? 3 : 6));
const DEADLINE_MS = 10 * 60_000;
/** A worker must be gone this long after SIGTERM (its grace period is 2 s). */
const STOP_MS = 30_000;
/** The whole script, whatever hangs: CI must get a verdict, not a timeout. */
const SCRIPT_MS = 25 * 60_000;
const ROOT = path.resolve(import.meta.dirname, "..");

const adminUrl =
  process.env.CHAOS_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `runledger_chaos_${process.pid}_${randomBytes(3).toString("hex")}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => console.log(`[chaos] ${message}`);

// ── workers ─────────────────────────────────────────────────────────────────────────────────────

type WorkerProc = {
  id: string;
  proc: ChildProcess;
  output: string[];
  killedOnPurpose: boolean;
  exited: Promise<void>;
};
const workers: WorkerProc[] = [];
let spawned = 0;

async function startWorker(): Promise<WorkerProc> {
  const id = `chaos-${++spawned}`;
  const proc = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(48).toString("base64"),
        WORKER_LEASE_MS: "3000",
        WORKER_CONCURRENCY: "4",
        WORKER_GRACE_MS: "2000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const w: WorkerProc = {
    id,
    proc,
    output,
    killedOnPurpose: false,
    exited: new Promise((resolve) => proc.once("exit", () => resolve())),
  };
  proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  workers.push(w);
  const deadline = Date.now() + 60_000;
  while (!output.join("").includes("[worker] ") || !output.join("").includes(" started (")) {
    if (proc.exitCode !== null || proc.signalCode !== null || Date.now() > deadline) {
      throw new Error(`worker ${id} did not start:\n${output.join("")}`);
    }
    await sleep(50);
  }
  return w;
}

const alive = (w: WorkerProc) => w.proc.exitCode === null && w.proc.signalCode === null;

// ── the receiver of both webhooks ───────────────────────────────────────────────────────────────

type Received = { path: string; webhookId: string; body: string };

async function receiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({
        path,
        webhookId: String(req.headers["webhook-id"] ?? ""),
        body: Buffer.concat(chunks).toString(),
      });
      setTimeout(
        () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end("{}");
        },
        path.endsWith("?step") ? CALL_MS : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/runledger`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ── the ledger ──────────────────────────────────────────────────────────────────────────────────

async function openRuns(db: Database): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from workflow_runs where status not in ('completed', 'failed', 'cancelled', 'timeout')`,
  );
  return row!.n;
}

async function waitUntilDone(db: Database, what: string, during?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const open = await openRuns(db);
    if (open === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${what}: ${open} run(s) still open after ${DEADLINE_MS / 1000} s`);
    if (during) await during();
    else await sleep(200);
  }
}

async function main() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const client = postgres(dbUrl, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: "runledger-chaos" },
  });
  const db = drizzle({ client, schema }) as unknown as Database;
  const hooks = await receiver();
  const failures: string[] = [];
  try {
    await migrateUp(db);
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const wf = await customWorkflow(
      db,
      org,
      [
        { stepName: "Follow up", stepType: "todo", maxRetries: 2 },
        { stepName: "Interview", stepType: "interview_scheduling", maxRetries: 2 },
        {
          stepName: "Notify",
          stepType: "webhook_call",
          maxRetries: 5,
          config: { url: `${hooks.url}?step`, secret: `whsec_${randomBytes(24).toString("base64")}` },
        },
      ],
      [{ url: hooks.url, secret: `whsec_${randomBytes(24).toString("base64")}` }],
    );
    const start = async (n: number) => {
      for (let i = 0; i < n; i++) await startCustomRun(db, org, wf.workflowId);
    };

    // 1. the kill loop
    for (let i = 0; i < WORKERS; i++) await startWorker();
    log(`${WORKERS} workers up; starting ${RUNS} runs, one worker SIGKILLed every ${KILL_EVERY_MS} ms`);
    await start(RUNS);
    let kills = 0;
    let lastKill = Date.now();
    await waitUntilDone(db, "kill loop", async () => {
      await sleep(100);
      if (Date.now() - lastKill < KILL_EVERY_MS) return;
      const living = workers.filter((w) => alive(w) && !w.killedOnPurpose);
      const victim = living[Math.floor(Math.random() * living.length)];
      if (!victim) return;
      victim.killedOnPurpose = true;
      victim.proc.kill("SIGKILL");
      kills++;
      lastKill = Date.now();
      await startWorker();
    });
    log(`kill loop: ${kills} worker(s) SIGKILLed, every run ended`);
    if (kills === 0) failures.push("the kill loop ended before its first kill: give it more --runs");

    // 2. connections terminated under the workers
    const second = Math.max(1, Math.floor(RUNS / 2));
    await start(second);
    let cut = 0;
    let rounds = 0;
    await waitUntilDone(db, "connection kills", async () => {
      await sleep(50);
      if (rounds >= CONNECTION_KILLS) return;
      const [running] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from workflow_run_steps where status = 'running'`,
      );
      if (!running || running.n === 0) return;
      const killed = await rows<{ ok: boolean }>(
        db,
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()
              and application_name <> 'runledger-chaos'`,
      );
      const n = killed.filter((k) => k.ok).length;
      if (n > 0) {
        rounds++;
        cut += n;
        await sleep(500);
      }
    });
    log(`connection kills: ${rounds} round(s), ${cut} connection(s) terminated, every run ended`);
    if (rounds < CONNECTION_KILLS)
      failures.push(`only ${rounds} of ${CONNECTION_KILLS} connection-kill rounds found steps running`);

    // outbox deliveries are relayed after the run ends: give them their time
    const total = RUNS + second;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [pending] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from webhook_deliveries where status not in ('delivered', 'gave_up')`,
      );
      if (pending!.n === 0 || Date.now() > deadline) break;
      await sleep(200);
    }

    // ── the verdict ──
    const statuses = await rows<{ status: string; n: number }>(
      db,
      sql`select status, count(*)::int as n from workflow_runs group by status order by status`,
    );
    const completed = statuses.find((s) => s.status === "completed")?.n ?? 0;
    if (completed !== total)
      failures.push(`runs: ${completed} of ${total} completed (${JSON.stringify(statuses)})`);

    const [records] = await rows<{
      todos: number;
      todo_runs: number;
      interviews: number;
      interview_runs: number;
    }>(
      db,
      sql`select (select count(*)::int from todos) as todos,
                 (select count(distinct run_id)::int from todos) as todo_runs,
                 (select count(*)::int from interviews) as interviews,
                 (select count(distinct run_id)::int from interviews) as interview_runs`,
    );
    if (records!.todos !== total || records!.todo_runs !== total)
      failures.push(
        `todos: ${records!.todos} for ${records!.todo_runs} runs, expected one for each of ${total}`,
      );
    if (records!.interviews !== total || records!.interview_runs !== total)
      failures.push(
        `interviews: ${records!.interviews} for ${records!.interview_runs} runs, expected one for each of ${total}`,
      );

    const stepCalls = hooks.received.filter((r) => r.path.endsWith("?step"));
    const stepBodies = new Map<string, Set<string>>();
    for (const r of stepCalls) {
      const runId = (JSON.parse(r.body) as { data: { workflow_id: string } }).data.workflow_id;
      const ids = stepBodies.get(runId) ?? new Set();
      ids.add(r.webhookId);
      stepBodies.set(runId, ids);
    }
    const calledTwiceUnderNewIds = [...stepBodies.values()].filter((ids) => ids.size > 1).length;
    if (stepBodies.size !== total) failures.push(`webhook_call: ${stepBodies.size} of ${total} runs called`);
    if (calledTwiceUnderNewIds > 0)
      failures.push(`webhook_call: ${calledTwiceUnderNewIds} run(s) called under more than one message id`);

    const [deliveries] = await rows<{ rows: number; runs: number; delivered: number }>(
      db,
      sql`select count(*)::int as rows, count(distinct run_id)::int as runs,
                 count(*) filter (where status = 'delivered')::int as delivered
          from webhook_deliveries`,
    );
    if (deliveries!.rows !== total || deliveries!.runs !== total || deliveries!.delivered !== total)
      failures.push(`run webhooks: ${JSON.stringify(deliveries)}, expected ${total} delivered, one per run`);

    const dead = workers.filter((w) => !w.killedOnPurpose && !alive(w));
    for (const w of dead)
      failures.push(
        `worker ${w.id} died (exit ${w.proc.exitCode}, ${w.proc.signalCode}):\n${w.output.join("").slice(-2000)}`,
      );
    const living = workers.filter((w) => !w.killedOnPurpose && alive(w));
    for (const w of living) w.proc.kill("SIGTERM");
    await Promise.race([Promise.all(living.map((w) => w.exited)), sleep(STOP_MS)]);
    for (const w of living) {
      const problem = alive(w)
        ? `did not stop within ${STOP_MS / 1000} s of SIGTERM`
        : w.proc.exitCode !== 0
          ? `did not stop cleanly (exit ${w.proc.exitCode})`
          : null;
      if (problem) failures.push(`worker ${w.id} ${problem}:\n${w.output.join("").slice(-3000)}`);
    }

    const resends = stepCalls.length - stepBodies.size;
    log(
      `${total} runs: ${completed} completed; ${records!.todos} todos, ${records!.interviews} interviews, ` +
        `${stepBodies.size} webhook calls (+${resends} resends under the same id), ` +
        `${deliveries!.delivered} run webhooks delivered; ${kills} SIGKILLs, ${cut} connections cut; ` +
        `${dead.length} worker(s) died`,
    );
  } finally {
    for (const w of workers) if (alive(w)) w.proc.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await hooks.close();
    await client.end({ timeout: 5 });
    if (!args.keep) await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else log(`kept database ${dbName}`);
    await admin.end({ timeout: 5 });
  }
  if (failures.length) {
    for (const f of failures) console.error(`[chaos] FAIL ${f}`);
    process.exit(1);
  }
  log("ok: 0 lost, 0 stuck, 0 duplicated effects, 0 dead workers");
}

setTimeout(() => {
  console.error(`[chaos] FAIL still running after ${SCRIPT_MS / 60_000} min; workers' last output:`);
  for (const w of workers) console.error(`── ${w.id}\n${w.output.join("").slice(-2000)}`);
  for (const w of workers) if (alive(w)) w.proc.kill("SIGKILL");
  process.exit(1);
}, SCRIPT_MS).unref();

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
