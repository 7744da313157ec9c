// Engine benchmark: N runs of no-op steps through real Workers on PostgreSQL, next to a floor measured
// in the same run on the same database — the raw claim + complete SQL of a queue table with the same
// number of rows — and the ratio between the two.
//
//   npm run bench:engine
//
// Environment (all optional):
//   BENCH_DATABASE_URL / TEST_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
//                                           a database rl_bench_<random> is created there and dropped at the end
//   BENCH_RUNS=500 BENCH_STEPS=3            runs and no-op steps per run
//   BENCH_WORKERS=4 BENCH_CONCURRENCY=4     workers, and handlers in flight per worker (= baseline batch size)
//   BENCH_PROCESSES=1                       run each worker in its own process instead of one process
//   BENCH_SERIAL_RUNS=20                    runs started one at a time on an idle system (latency without queueing)
//
// What is measured:
//   engine, burst   all runs started at once (16 starts in flight) while the workers poll; steps/s is
//                   steps / (last run completed − first run created); latency is each run's
//                   completed_at − created_at, so it includes queueing behind the burst
//   engine, serial  one run at a time, the next started when the previous completed
//   baseline        W connections, each in a tight loop: claim up to `concurrency` rows with
//                   UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING, then
//                   complete each with UPDATE … SET status = 'completed' (fenced on status and attempt),
//                   every statement in autocommit, on a table with the same number of rows
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type DbHandle, openPostgres, rows } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import { organizations, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { HandlerRegistry } from "@/lib/agents/types";
import { type Actor, startRun } from "@/lib/engine/runs";
import { Worker } from "@/lib/engine/worker";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import { nodeDefaults } from "@/lib/workflows/definitions";

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};

const RUNS = int("BENCH_RUNS", 500);
const STEPS = int("BENCH_STEPS", 3);
const WORKERS = int("BENCH_WORKERS", 4);
const CONCURRENCY = int("BENCH_CONCURRENCY", 4);
const PROCESSES = process.env.BENCH_PROCESSES === "1";
const SERIAL_RUNS = int("BENCH_SERIAL_RUNS", 20);
const START_PARALLEL = 16;
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

const noop: HandlerRegistry = { todo: async () => ({ output: {} }) };

function workerOptions(workerId: string) {
  // production defaults (poll 1 s as a fallback to NOTIFY, 30 s lease, 10 s heartbeat), no webhook relay
  return { workerId, handlers: noop, concurrency: CONCURRENCY, relayWebhooks: false };
}

function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

// ── child mode: one worker in its own process ─────────────────────────────────────────────────────

async function child(url: string, id: string) {
  const handle = openPostgres(url, CONCURRENCY + 2);
  const worker = new Worker(handle, workerOptions(id));
  await worker.start();
  console.log(`ready ${id}`);
  process.once("SIGTERM", () => {
    void worker
      .stop(5_000)
      .then(() => handle.close())
      .finally(() => process.exit(0));
  });
}

function spawnChild(url: string, id: string): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", import.meta.filename, "--child", url, id],
    { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(`ready ${id}`)) resolve(proc);
    });
    proc.once("exit", (code) => reject(new Error(`bench worker ${id} exited with ${code}`)));
  });
}

// ── setup ─────────────────────────────────────────────────────────────────────────────────────────

async function setupTenant(handle: DbHandle): Promise<{ actor: Actor; workflowId: string }> {
  const orgId = randomUUID();
  const userId = await withTenant(handle.db, orgId, async (tx) => {
    await tx.insert(organizations).values({ id: orgId, name: "Bench", slug: `bench-${orgId.slice(0, 8)}` });
    const [user] = await tx
      .insert(users)
      .values({ orgId, email: "bench@example.test", name: "Bench", role: "admin", passwordHash: "x" })
      .returning({ id: users.id });
    return user!.id;
  });
  const created = await withTenant(handle.db, orgId, (tx) =>
    insertWorkflowDefinition(tx, orgId, {
      name: "Bench no-op",
      description: "benchmark",
      nodes: Array.from({ length: STEPS }, (_, i) => ({
        ...nodeDefaults,
        key: `s${i + 1}`,
        stepName: `No-op ${i + 1}`,
        stepType: "todo" as const,
        stepDescription: "does nothing",
        maxRetries: 0,
        ioSchema: { inputs: [], outputs: [] },
      })),
      bindings: [],
      channels: [],
    }),
  );
  return { actor: { orgId, userId, role: "admin" }, workflowId: created.workflowId };
}

/** Starts a run; `phase` goes into its title so each phase's runs can be selected. */
function start(handle: DbHandle, actor: Actor, workflowId: string, phase: string) {
  return withTenant(handle.db, actor.orgId, (tx) =>
    startRun(tx, actor, { workflowId, channel: "api", title: phase }),
  );
}

const OPEN = sql`status not in ('completed', 'failed', 'cancelled', 'timeout')`;

async function countOpen(handle: DbHandle, where: { phase: string } | { runId: string }): Promise<number> {
  const filter = "phase" in where ? sql`title = ${where.phase}` : sql`id = ${where.runId}`;
  const [row] = await rows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from workflow_runs where ${OPEN} and ${filter}`,
  );
  return Number(row?.n ?? 0);
}

async function latencies(handle: DbHandle, phase: string): Promise<number[]> {
  const found = await rows<{ ms: number; status: string }>(
    handle.db,
    sql`select status, extract(epoch from (completed_at - created_at)) * 1000 as ms
        from workflow_runs where title = ${phase}`,
  );
  const failed = found.filter((r) => r.status !== "completed");
  if (failed.length) throw new Error(`${failed.length} bench runs did not complete: ${failed[0]!.status}`);
  return found.map((r) => Number(r.ms)).sort((a, b) => a - b);
}

// ── phases ────────────────────────────────────────────────────────────────────────────────────────

type Result = { stepsPerSecond: number; p50: number; p95: number; seconds: number };

async function engineBurst(handle: DbHandle, actor: Actor, workflowId: string): Promise<Result> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: START_PARALLEL }, async () => {
      while (next < RUNS) {
        next++;
        await start(handle, actor, workflowId, "burst");
      }
    }),
  );
  const startedSeconds = (performance.now() - t0) / 1000;
  while ((await countOpen(handle, { phase: "burst" })) > 0) await sleep(50);
  const [window] = await rows<{ s: number }>(
    handle.db,
    sql`select extract(epoch from (max(completed_at) - min(created_at))) as s
        from workflow_runs where title = 'burst'`,
  );
  const seconds = Number(window!.s);
  const sorted = await latencies(handle, "burst");
  // where a step's time goes: waiting in the queue (release → claim) and held by a worker (claim → complete)
  const [split] = await rows<{ wait50: number; wait95: number; held50: number; held95: number }>(
    handle.db,
    sql`with e as (
          select s.id,
                 max(case when ev->>'type' in ('step.release', 'step.retry') then (ev->>'timestamp')::timestamptz end) as released,
                 max(case when ev->>'type' = 'step.claim' then (ev->>'timestamp')::timestamptz end) as claimed,
                 max(case when ev->>'type' = 'step.complete' then (ev->>'timestamp')::timestamptz end) as completed
          from workflow_run_steps s join workflow_runs r on r.id = s.run_id, jsonb_array_elements(s.events) ev
          where r.title = 'burst' group by s.id)
        select percentile_cont(0.5) within group (order by extract(epoch from claimed - released) * 1000) as wait50,
               percentile_cont(0.95) within group (order by extract(epoch from claimed - released) * 1000) as wait95,
               percentile_cont(0.5) within group (order by extract(epoch from completed - claimed) * 1000) as held50,
               percentile_cont(0.95) within group (order by extract(epoch from completed - claimed) * 1000) as held95
        from e`,
  );
  console.log(
    `  per step: queued → claimed p50 ${Number(split!.wait50).toFixed(0)} ms, p95 ${Number(split!.wait95).toFixed(0)} ms; ` +
      `claimed → completed p50 ${Number(split!.held50).toFixed(0)} ms, p95 ${Number(split!.held95).toFixed(0)} ms`,
  );
  console.log(
    `  burst: ${RUNS} runs started in ${startedSeconds.toFixed(2)} s, all completed after ${seconds.toFixed(2)} s`,
  );
  return {
    stepsPerSecond: (RUNS * STEPS) / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    seconds,
  };
}

async function engineSerial(handle: DbHandle, actor: Actor, workflowId: string): Promise<Result> {
  const t0 = performance.now();
  for (let i = 0; i < SERIAL_RUNS; i++) {
    const run = await start(handle, actor, workflowId, "serial");
    while ((await countOpen(handle, { runId: run.id })) > 0) await sleep(2);
  }
  const seconds = (performance.now() - t0) / 1000;
  const sorted = await latencies(handle, "serial");
  return {
    stepsPerSecond: (SERIAL_RUNS * STEPS) / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    seconds,
  };
}

async function baseline(url: string): Promise<Result> {
  const total = RUNS * STEPS;
  const setup = postgres(url, { max: 1, onnotice: () => {} });
  await setup.unsafe(`create table bench_queue (
      id bigserial primary key,
      status text not null default 'queued',
      run_at timestamptz not null default now(),
      attempt int not null default 0,
      lease_owner text,
      lease_expires_at timestamptz,
      completed_at timestamptz)`);
  await setup.unsafe(`create index bench_queue_due_idx on bench_queue (run_at) where status = 'queued'`);
  await setup`insert into bench_queue (run_at) select now() - interval '1 second' from generate_series(1, ${total})`;
  await setup.unsafe("analyze bench_queue");
  await setup.end();

  const clients = Array.from({ length: WORKERS }, () => postgres(url, { max: 1, onnotice: () => {} }));
  const t0 = performance.now();
  let done = 0;
  await Promise.all(
    clients.map(async (db, w) => {
      for (;;) {
        const claimed = await db<{ id: string; attempt: number }[]>`
          update bench_queue set status = 'running', attempt = attempt + 1, lease_owner = ${`b${w}`},
                 lease_expires_at = now() + interval '30 seconds'
          where id in (select id from bench_queue where status = 'queued' and run_at <= now()
                       order by run_at limit ${CONCURRENCY} for update skip locked)
          returning id, attempt`;
        if (!claimed.length) return;
        for (const row of claimed) {
          await db`update bench_queue set status = 'completed', completed_at = now(), lease_owner = null,
                   lease_expires_at = null
                   where id = ${row.id} and status = 'running' and attempt = ${row.attempt}`;
          done++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  if (done !== total) throw new Error(`baseline completed ${done} of ${total} rows`);
  return { stepsPerSecond: total / seconds, p50: Number.NaN, p95: Number.NaN, seconds };
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const name = `rl_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const [{ version } = { version: "?" }] = await admin<{ version: string }[]>`select version()`;
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(ADMIN_URL, name);
  const handle = openPostgres(url, START_PARALLEL + 4);
  const children: ChildProcess[] = [];
  const workers: { worker: Worker; handle: DbHandle }[] = [];
  try {
    await migrateUp(handle.db);
    const { actor, workflowId } = await setupTenant(handle);
    console.log(`Runledger engine benchmark on ${version.split(" on ")[0]} (database ${name})`);
    console.log(
      `${RUNS} runs × ${STEPS} no-op steps = ${RUNS * STEPS} steps; ${WORKERS} workers × concurrency ${CONCURRENCY}, ` +
        (PROCESSES ? "one process each" : "in this process, each with its own pool"),
    );

    if (PROCESSES) {
      for (let i = 0; i < WORKERS; i++) children.push(await spawnChild(url, `bench-${i}`));
    } else {
      for (let i = 0; i < WORKERS; i++) {
        const own = openPostgres(url, CONCURRENCY + 2);
        const worker = new Worker(own, workerOptions(`bench-${i}`));
        await worker.start();
        workers.push({ worker, handle: own });
      }
    }
    // warm-up: connections, prepared statements, JIT of the hot paths
    for (let i = 0; i < 5; i++) await start(handle, actor, workflowId, "warm-up");
    while ((await countOpen(handle, { phase: "warm-up" })) > 0) await sleep(20);

    const burst = await engineBurst(handle, actor, workflowId);
    const serial = await engineSerial(handle, actor, workflowId);

    for (const { worker } of workers) await worker.stop(5_000);
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))),
    );

    const floor = await baseline(url);

    const ms = (v: number) => (Number.isNaN(v) ? "—" : `${v.toFixed(0)} ms`);
    const rowsOut: [string, string, string, string, string][] = [
      ["", "steps/s", "run latency p50", "p95", "wall"],
      [
        `engine, burst of ${RUNS} runs`,
        burst.stepsPerSecond.toFixed(0),
        ms(burst.p50),
        ms(burst.p95),
        `${burst.seconds.toFixed(2)} s`,
      ],
      [
        `engine, ${SERIAL_RUNS} runs one at a time`,
        serial.stepsPerSecond.toFixed(0),
        ms(serial.p50),
        ms(serial.p95),
        `${serial.seconds.toFixed(2)} s`,
      ],
      [
        `baseline: raw claim+complete SQL`,
        floor.stepsPerSecond.toFixed(0),
        "—",
        "—",
        `${floor.seconds.toFixed(2)} s`,
      ],
      [
        "engine / baseline (steps/s, burst)",
        `${((burst.stepsPerSecond / floor.stepsPerSecond) * 100).toFixed(1)} %`,
        "",
        "",
        "",
      ],
    ];
    const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rowsOut.map((r) => r[i]!.length)));
    console.log("");
    for (const r of rowsOut)
      console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("   "));
  } finally {
    for (const { worker, handle: own } of workers) {
      await worker.stop(1_000).catch(() => {});
      await own.close().catch(() => {});
    }
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await handle.close().catch(() => {});
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[2] === "--child") {
  const [, , , url, id] = process.argv;
  child(url!, id!).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
