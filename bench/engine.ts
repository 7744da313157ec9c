// Engine benchmark: the Runledger engine side by side with graphile-worker and pg-boss, in one process,
// one time window and one PostgreSQL server, each system in a database of its own.
//
//   npm run bench:engine -- [--rounds 3] [--jobs 600] [--concurrency 4,16] [--latency-runs 20]
//                           [--only engine,graphile,pgboss] [--json out.json]
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/runledger_bench) names a database the bench
// creates if missing and uses as its admin connection; each system gets a database next to it
// (<name>_engine, <name>_graphile, <name>_pgboss), recreated at every invocation so that
// pg_stat_database counts only that system's commits.
//
// Workloads, each at every concurrency (handlers in flight in one consumer), in interleaved rounds
// (engine, graphile, pg-boss, engine, …) so that drift of a shared machine hits all three alike:
//   drain  N independent no-op jobs enqueued up front (engine: N runs of one no-op step)
//   chain  N/3 three-step chains enqueued up front; each job's handler enqueues the next (engine: N/3 runs
//          of a three-no-op-step workflow, the next step released by the engine itself)
// The clock runs from the consumer's start until the database shows every job completed.
//
// Per step:
//   statements  counted client-side from the consumer's start until every job is completed: postgres.js's
//               `debug` hook for the engine, node-postgres's Client#query for graphile-worker and pg-boss
//               (both use the one `pg` in node_modules)
//   commits     pg_stat_database.xact_commit of the system's database, read with no backend connected
//               before and after (a backend flushes its counters when it exits), minus the bench's own
//               completion polls: the consumer's whole life, start-up and shut-down spread over N. Server-
//               side, so they also count each connection's start-up and the transaction in which an idle
//               LISTENing backend reads a NOTIFY (measured: one per notification delivered).
//   CPU         from /proc (Linux), from the consumer's start until every job is completed: Node (this
//               process, where every system's consumer runs, plus the bench's polls) and PostgreSQL (every
//               `postgres` process, read before the consumer's connections close)
// Run latency: one three-step chain at a time on an idle consumer (concurrency 4), from the enqueue call
// until the last step's completion is visible in the database.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/postgres-js";
import { Logger, makeWorkerUtils, run as runGraphile } from "graphile-worker";
import pg from "pg";
import { PgBoss } from "pg-boss";
import postgres from "postgres";
import type { DbHandle } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import * as schema from "@/db/schema";
import { organizations, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createWorker } from "@/lib/engine/boot";
import { type Actor, startRun } from "@/lib/engine/runs";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import { nodeDefaults } from "@/lib/workflows/definitions";
import { postgresCpu, postgresCpuSince } from "./cpu";

// ── options ───────────────────────────────────────────────────────────────────────────────────────

const SYSTEMS = ["engine", "graphile", "pgboss"] as const;
type SystemName = (typeof SYSTEMS)[number];
const LABEL: Record<SystemName, string> = {
  engine: "engine",
  graphile: "graphile-worker",
  pgboss: "pg-boss",
};
const WORKLOADS = ["drain", "chain"] as const;
type Workload = (typeof WORKLOADS)[number];
const CHAIN = 3;

class UsageError extends Error {}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function options() {
  const config = {
    options: {
      rounds: { type: "string", default: "3" },
      jobs: { type: "string", default: "600" },
      concurrency: { type: "string", default: "4,16" },
      "latency-runs": { type: "string", default: "20" },
      only: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    // node:util's messages are clear ("Unknown option '--x'"); a stack trace under them is not
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  const jobs = positiveInt("jobs", values.jobs);
  if (jobs < CHAIN) throw new UsageError(`--jobs must be at least ${CHAIN} (one three-step chain)`);
  const only = (values.only ?? SYSTEMS.join(",")).split(",").map((s) => s.trim());
  for (const s of only)
    if (!(SYSTEMS as readonly string[]).includes(s))
      throw new UsageError(`--only takes ${SYSTEMS.join(", ")} (comma-separated), got "${s}"`);
  return {
    help: values.help,
    rounds: positiveInt("rounds", values.rounds),
    jobs,
    concurrency: values.concurrency.split(",").map((c) => positiveInt("concurrency", c.trim())),
    latencyRuns: positiveInt("latency-runs", values["latency-runs"]),
    systems: SYSTEMS.filter((s) => only.includes(s)),
    json: values.json,
  };
}

// ── shared plumbing ───────────────────────────────────────────────────────────────────────────────

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Statements sent to each database by the systems under test. */
const statements = new Map<string, number>();
const countStatement = (database: string) => statements.set(database, (statements.get(database) ?? 0) + 1);

// graphile-worker and pg-boss both reach PostgreSQL through node-postgres; counting at Client#query catches
// pool.query, client.query and LISTEN connections alike. Only the bench's own pg clients are plain postgres.js.
{
  const proto = pg.Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
    database?: string;
  };
  const query = proto.query;
  proto.query = function (this: { database?: string }, ...args: unknown[]) {
    if (this.database) countStatement(this.database);
    return query.apply(this, args);
  };
}

/** What the harness sees of a running consumer. */
type Consumer = { stop(): Promise<void> };
/** Called by every handler with the chain (or job) it belongs to. */
type OnHandled = (key: string) => void;

/** Enqueues work through the system's own API; its connections end with close(), so none linger. */
type Producer = {
  /** Enqueues `count` chains of `length` no-op jobs (length 1: independent jobs). */
  enqueue(length: 1 | 3, count: number): Promise<void>;
  /** Enqueues one three-step chain; returns the key its handlers report. */
  enqueueOne(): Promise<string>;
  close(): Promise<void>;
};

type System = {
  name: SystemName;
  database: string;
  producer(): Promise<Producer>;
  /** Starts a consumer with `concurrency` handlers in flight, its own connections, ready when resolved. */
  start(concurrency: number, onHandled: OnHandled): Promise<Consumer>;
  /** Jobs not yet completed, via `poll` (the bench's own connection, one autocommit statement). */
  open(poll: postgres.Sql): Promise<number>;
  /** Jobs that ended in failure (none should). */
  failed(poll: postgres.Sql): Promise<number>;
  /** Removes finished work between measurements so every measurement starts on the same table sizes. */
  reset(poll: postgres.Sql): Promise<void>;
};

// ── the engine: the one adapter to adjust when the engine's public entry points change ───────────

async function engineAdapter(url: string, database: string): Promise<System> {
  const open = (max: number, counted: boolean): DbHandle => {
    const client = postgres(url, {
      max,
      onnotice: () => {},
      debug: counted ? () => countStatement(database) : undefined,
    });
    const db = drizzle({ client, schema }) as unknown as DbHandle["db"];
    return { db, driver: "postgres", pg: client, close: () => client.end({ timeout: 5 }) };
  };
  const setup = open(2, false);
  await migrateUp(setup.db);

  const orgId = randomUUID();
  const userId = await withTenant(setup.db, orgId, async (tx) => {
    await tx.insert(organizations).values({ id: orgId, name: "Bench", slug: `bench-${orgId.slice(0, 8)}` });
    const [user] = await tx
      .insert(users)
      .values({ orgId, email: "bench@example.test", name: "Bench", role: "admin", passwordHash: "x" })
      .returning({ id: users.id });
    return user!.id;
  });
  const actor: Actor = { orgId, userId, role: "admin" };
  const workflow = async (steps: number) =>
    (
      await withTenant(setup.db, orgId, (tx) =>
        insertWorkflowDefinition(tx, orgId, {
          name: `Bench ${steps} no-op`,
          description: "benchmark",
          nodes: Array.from({ length: steps }, (_, i) => ({
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
      )
    ).workflowId;
  const workflows = { 1: await workflow(1), 3: await workflow(CHAIN) };
  await setup.close();

  return {
    name: "engine",
    database,
    async producer() {
      const handle = open(16, false);
      const startOne = async (length: 1 | 3) =>
        (
          await withTenant(handle.db, orgId, (tx) =>
            startRun(tx, actor, { workflowId: workflows[length], channel: "api" }),
          )
        ).id;
      return {
        async enqueue(length, count) {
          let next = 0;
          // 16 starts in flight, each startRun in its own transaction as the API does it
          await Promise.all(
            Array.from({ length: 16 }, async () => {
              while (next < count) {
                next++;
                await startOne(length);
              }
            }),
          );
        },
        enqueueOne: () => startOne(CHAIN),
        close: () => handle.close(),
      };
    },
    async start(concurrency, onHandled) {
      const handle = open(concurrency + 2, true);
      // production settings of `npm run worker` except the handlers (no-op) and the daily retention task
      const worker = createWorker(handle, {
        concurrency,
        handlers: {
          todo: async (ctx) => {
            onHandled(ctx.run.id);
            return { output: {} };
          },
        },
        daily: undefined,
        log: () => {},
      });
      await worker.start();
      return {
        async stop() {
          await worker.stop(5_000);
          await handle.close();
        },
      };
    },
    async open(poll) {
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from workflow_runs
        where status not in ('completed', 'failed', 'cancelled', 'timeout')`;
      return row!.n;
    },
    async failed(poll) {
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from workflow_runs where status <> 'completed'`;
      return row!.n;
    },
    async reset(poll) {
      await poll`truncate workflow_runs cascade`;
    },
  };
}

// ── graphile-worker ───────────────────────────────────────────────────────────────────────────────

const silent = new Logger(() => () => {});

async function graphileAdapter(url: string, database: string): Promise<System> {
  const setup = await makeWorkerUtils({ connectionString: url, logger: silent });
  await setup.migrate();
  await setup.release();
  return {
    name: "graphile",
    database,
    async producer() {
      const utils = await makeWorkerUtils({ connectionString: url, logger: silent });
      return {
        async enqueue(length, count) {
          for (let i = 0; i < count; i += 1000)
            await utils.addJobs(
              Array.from({ length: Math.min(1000, count - i) }, () => ({
                identifier: "noop",
                payload: { key: randomUUID(), left: length - 1 },
              })),
            );
        },
        async enqueueOne() {
          const key = randomUUID();
          await utils.addJob("noop", { key, left: CHAIN - 1 });
          return key;
        },
        close: async () => {
          await utils.release();
        },
      };
    },
    async start(concurrency, onHandled) {
      const runner = await runGraphile({
        connectionString: url,
        concurrency,
        maxPoolSize: concurrency + 2,
        noHandleSignals: true,
        logger: silent,
        crontab: "",
        taskList: {
          noop: async (payload, helpers) => {
            const { key, left } = payload as { key: string; left: number };
            if (left > 0) await helpers.addJob("noop", { key, left: left - 1 });
            onHandled(key);
          },
        },
      });
      return { stop: () => runner.stop() };
    },
    async open(poll) {
      // graphile-worker deletes a job when it completes
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from graphile_worker._private_jobs where last_error is null`;
      return row!.n;
    },
    async failed(poll) {
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from graphile_worker._private_jobs where last_error is not null`;
      return row!.n;
    },
    async reset() {},
  };
}

// ── pg-boss ───────────────────────────────────────────────────────────────────────────────────────

const QUEUE = "noop";
const PGBOSS_BATCH = 4;

async function pgbossAdapter(url: string, database: string): Promise<System> {
  // consumers: LISTEN/NOTIFY on, as pg-boss recommends for latency, maintenance and cron at their defaults;
  // producers only send
  const boss = (max: number, role: "consumer" | "producer") => {
    const b = new PgBoss({
      connectionString: url,
      max,
      ...(role === "consumer" ? { useListenNotify: true } : { supervise: false, schedule: false }),
    });
    b.on("error", (error: unknown) => console.error("[pg-boss]", error));
    return b;
  };
  const setup = boss(2, "producer");
  await setup.start();
  await setup.createQueue(QUEUE, { notify: true });
  await setup.stop({ graceful: false });
  return {
    name: "pgboss",
    database,
    async producer() {
      const producer = boss(4, "producer");
      await producer.start();
      return {
        async enqueue(length, count) {
          for (let i = 0; i < count; i += 1000)
            await producer.insert(
              QUEUE,
              Array.from({ length: Math.min(1000, count - i) }, () => ({
                data: { key: randomUUID(), left: length - 1 },
              })),
            );
        },
        async enqueueOne() {
          const key = randomUUID();
          await producer.send(QUEUE, { key, left: CHAIN - 1 });
          return key;
        },
        close: () => producer.stop({ graceful: false }),
      };
    },
    async start(concurrency, onHandled) {
      const own = boss(concurrency + 2, "consumer");
      await own.start();
      // A pg-boss worker waits its polling interval after every fetch unless the fetch came back full
      // (burst) or a NOTIFY arrived; with batchSize 1 it never bursts and a pre-filled queue drains at
      // one job per worker per interval. So: small batches, bursting, jobs of a batch handled one after
      // another so that `concurrency` handlers are in flight, and the shortest polls pg-boss allows.
      await own.work<{ key: string; left: number }>(
        QUEUE,
        {
          localConcurrency: concurrency,
          batchSize: PGBOSS_BATCH,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: 0.5,
          notifyPollingIntervalSeconds: 0.5,
        },
        async (jobs) => {
          for (const job of jobs) {
            const { key, left } = job.data;
            if (left > 0) await own.send(QUEUE, { key, left: left - 1 });
            onHandled(key);
          }
        },
      );
      return { stop: () => own.stop({ graceful: true }) };
    },
    async open(poll) {
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from pgboss.job where name = ${QUEUE} and state in ('created', 'retry', 'active')`;
      return row!.n;
    },
    async failed(poll) {
      const [row] = await poll<{ n: number }[]>`
        select count(*)::int as n from pgboss.job where name = ${QUEUE} and state = 'failed'`;
      return row!.n;
    },
    async reset(poll) {
      await poll`delete from pgboss.job where name = ${QUEUE}`;
    },
  };
}

// ── measurement ───────────────────────────────────────────────────────────────────────────────────

type Measurement = {
  round: number;
  system: SystemName;
  workload: Workload;
  concurrency: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  statementsPerStep: number;
  commitsPerStep: number;
  /** Connections the system opened during the measurement (each start-up is a commit of its own). */
  connections: number;
  /** CPU ms per step from the consumer's start until every job is completed (null off Linux). */
  cpuPerStep: { node: number; postgres: number | null };
};

/** Waits until no backend is connected to `database` (their statistics are flushed at exit). */
async function quiesce(admin: postgres.Sql, database: string) {
  for (let i = 0; i < 500; i++) {
    const [row] = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = ${database}`;
    if (row!.n === 0) return;
    await sleep(20);
  }
  throw new Error(`connections to ${database} did not close within 10 s`);
}

/** Commits and sessions (connections opened) of `database` so far. */
async function counters(
  admin: postgres.Sql,
  database: string,
): Promise<{ commits: number; sessions: number }> {
  await quiesce(admin, database);
  const [row] = await admin<{ commits: string; sessions: string }[]>`
    select xact_commit::text as commits, sessions::text as sessions from pg_stat_database where datname = ${database}`;
  return { commits: Number(row!.commits), sessions: Number(row!.sessions) };
}

type Tally = ReturnType<typeof tally>;

/** Resolves `done` once `expected` handler calls have been seen; counts each key's calls. */
function tally(expected: number) {
  const seen = new Map<string, number>();
  let total = 0;
  let lastProgress = performance.now();
  let reached!: () => void;
  const done = new Promise<void>((resolve) => {
    reached = resolve;
  });
  if (expected === 0) reached();
  return {
    seen,
    done,
    lastProgress: () => lastProgress,
    touch: () => {
      lastProgress = performance.now();
    },
    onHandled: (key: string) => {
      lastProgress = performance.now();
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (++total === expected) reached();
    },
  };
}

// A stuck system fails the bench; a slow one (the engine at a large --jobs) only takes longer.
const STALL_MS = 60_000;

async function unlessStalled<T>(what: string, t: Tally, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (performance.now() - t.lastProgress() > STALL_MS)
        reject(new Error(`${what}: no job handled for ${STALL_MS / 1000} s`));
    }, 1_000);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearInterval(timer);
  }
}

async function measure(
  system: System,
  admin: postgres.Sql,
  url: string,
  round: number,
  workload: Workload,
  concurrency: number,
  jobs: number,
): Promise<Measurement> {
  const length = workload === "drain" ? 1 : CHAIN;
  const chains = Math.floor(jobs / length);
  const steps = chains * length;
  const producer = await system.producer();
  await producer.enqueue(length, chains);
  await producer.close();

  const poll = pollClient(url);
  const before = await counters(admin, system.database);
  const statementsBefore = statements.get(system.database) ?? 0;
  const handled = tally(steps);
  let polls = 0;

  const pgBefore = postgresCpu();
  const nodeBefore = process.cpuUsage();
  const t0 = performance.now();
  const consumer = await system.start(concurrency, handled.onHandled);
  await unlessStalled(`${system.name} ${workload}`, handled, handled.done);
  for (;;) {
    polls++;
    if ((await system.open(poll)) === 0) break;
    await sleep(2);
  }
  const seconds = (performance.now() - t0) / 1000;
  // read before the consumer closes its connections (an exited backend's CPU can no longer be read)
  const pgSpent = postgresCpuSince(pgBefore);
  const nodeSpent = process.cpuUsage(nodeBefore);
  const statementsAfter = statements.get(system.database) ?? 0;
  await consumer.stop();
  polls++;
  const failed = await system.failed(poll);
  if (failed) throw new Error(`${system.name}: ${failed} jobs failed in ${workload}`);
  await poll.end();
  const after = await counters(admin, system.database);

  await reset(system, url);

  return {
    round,
    system: system.name,
    workload,
    concurrency,
    steps,
    seconds,
    stepsPerSecond: steps / seconds,
    statementsPerStep: (statementsAfter - statementsBefore) / steps,
    commitsPerStep: (after.commits - before.commits - polls) / steps,
    // the bench's own poll connection is one of them
    connections: after.sessions - before.sessions - 1,
    cpuPerStep: {
      node: (nodeSpent.user + nodeSpent.system) / 1000 / steps,
      postgres: pgSpent === null ? null : pgSpent / steps,
    },
  };
}

/** The bench's own connection: no type fetch on connect, so every poll is exactly one statement. */
const pollClient = (url: string) => postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });

async function reset(system: System, url: string) {
  const client = pollClient(url);
  await system.reset(client);
  await client.end();
}

async function latencies(system: System, url: string, runs: number): Promise<number[]> {
  const poll = pollClient(url);
  const handled = tally(runs * CHAIN);
  const producer = await system.producer();
  const consumer = await system.start(4, handled.onHandled);
  const out: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const key = await producer.enqueueOne();
      // the handler signal gates the polling, so the database is asked only once the last step has run
      handled.touch();
      await unlessStalled(
        `${system.name} latency`,
        handled,
        until(() => (handled.seen.get(key) ?? 0) >= CHAIN),
      );
      while ((await system.open(poll)) > 0) await sleep(1);
      out.push(performance.now() - t0);
    }
  } finally {
    await consumer.stop();
    await producer.close();
    await poll.end();
  }
  await reset(system, url);
  return out;
}

async function until(predicate: () => boolean) {
  while (!predicate()) await sleep(1);
}

// ── report ────────────────────────────────────────────────────────────────────────────────────────

function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "))
    .join("\n");
}

const fixed = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "—");

function summarize(systems: SystemName[], concurrency: number[], all: Measurement[]) {
  const summary = [];
  for (const workload of WORKLOADS)
    for (const c of concurrency) {
      const per = Object.fromEntries(
        systems.map((s) => {
          const mine = all.filter((m) => m.system === s && m.workload === workload && m.concurrency === c);
          return [
            s,
            {
              stepsPerSecond: median(mine.map((m) => m.stepsPerSecond)),
              statementsPerStep: median(mine.map((m) => m.statementsPerStep)),
              commitsPerStep: median(mine.map((m) => m.commitsPerStep)),
              nodeCpuPerStep: median(mine.map((m) => m.cpuPerStep.node)),
              postgresCpuPerStep: median(mine.map((m) => m.cpuPerStep.postgres ?? Number.NaN)),
            },
          ];
        }),
      ) as Partial<
        Record<
          SystemName,
          {
            stepsPerSecond: number;
            statementsPerStep: number;
            commitsPerStep: number;
            nodeCpuPerStep: number;
            postgresCpuPerStep: number;
          }
        >
      >;
      summary.push({
        workload,
        concurrency: c,
        ...per,
        engineOverGraphile:
          (per.engine?.stepsPerSecond ?? Number.NaN) / (per.graphile?.stepsPerSecond ?? Number.NaN),
        engineOverPgboss:
          (per.engine?.stepsPerSecond ?? Number.NaN) / (per.pgboss?.stepsPerSecond ?? Number.NaN),
      });
    }
  return summary;
}

function packageVersion(name: string): string {
  // the packages' exports hide package.json; npm scripts run from the repository root
  return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string })
    .version;
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(
      "npm run bench:engine -- [--rounds 3] [--jobs 600] [--concurrency 4,16] [--latency-runs 20]\n" +
        "                        [--only engine,graphile,pgboss] [--json out.json]",
    );
    return;
  }
  const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/runledger_bench";
  const base = new URL(baseUrl).pathname.slice(1) || "runledger_bench";

  // CREATE DATABASE needs a connection to some other database of the server
  const bootstrap = postgres(databaseUrl(baseUrl, "postgres"), { max: 1, onnotice: () => {} });
  const [exists] = await bootstrap`select 1 from pg_database where datname = ${base}`;
  if (!exists) await bootstrap.unsafe(`create database "${base}"`);
  await bootstrap.end();

  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const [{ version } = { version: "?" }] = await admin<{ version: string }[]>`select version()`;
  const urls = {} as Record<SystemName, string>;
  const systems: System[] = [];
  const adapters = { engine: engineAdapter, graphile: graphileAdapter, pgboss: pgbossAdapter };
  try {
    for (const name of opts.systems) {
      const database = `${base}_${name}`;
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.unsafe(`create database "${database}"`);
      urls[name] = databaseUrl(baseUrl, database);
      systems.push(await adapters[name](urls[name], database));
    }

    const engineCommit = (() => {
      try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
      } catch {
        return "?";
      }
    })();
    console.log(`Runledger engine benchmark on ${version.split(" on ")[0]}, Node ${process.version}`);
    console.log(
      `engine @ ${engineCommit}, graphile-worker ${packageVersion("graphile-worker")}, pg-boss ${packageVersion("pg-boss")}; ` +
        `${opts.rounds} rounds × ${opts.jobs} no-op steps per measurement, concurrency ${opts.concurrency.join(", ")}`,
    );

    // warm-up: connections, prepared statements and JIT of every system's hot path, not measured
    for (const system of systems) await measure(system, admin, urls[system.name], 0, "chain", 4, 30);

    const all: Measurement[] = [];
    const latency = Object.fromEntries(opts.systems.map((s) => [s, [] as number[]])) as Record<
      SystemName,
      number[]
    >;
    for (let round = 1; round <= opts.rounds; round++) {
      for (const workload of WORKLOADS)
        for (const c of opts.concurrency)
          for (const system of systems) {
            const m = await measure(system, admin, urls[system.name], round, workload, c, opts.jobs);
            all.push(m);
            console.log(
              `  round ${round} ${workload.padEnd(5)} c=${String(c).padEnd(2)} ${LABEL[system.name].padEnd(15)} ` +
                `${fixed(m.stepsPerSecond).padStart(6)} steps/s  ${fixed(m.statementsPerStep, 1).padStart(5)} stmts/step  ` +
                `${fixed(m.commitsPerStep, 2).padStart(5)} commits/step  ${m.connections} connections  ` +
                `CPU/step: Node ${fixed(m.cpuPerStep.node, 2)} ms, PostgreSQL ${fixed(m.cpuPerStep.postgres ?? Number.NaN, 2)} ms`,
            );
          }
      for (const system of systems)
        latency[system.name].push(...(await latencies(system, urls[system.name], opts.latencyRuns)));
    }

    const summary = summarize(opts.systems, opts.concurrency, all);
    const head = ["", ...opts.systems.map((s) => LABEL[s])];
    const throughputRows = [
      [...head, "engine/graphile", "engine/pg-boss"],
      ...summary.map((row) => [
        `${row.workload} c=${row.concurrency} (steps/s)`,
        ...opts.systems.map((s) => fixed(row[s]?.stepsPerSecond ?? Number.NaN)),
        Number.isFinite(row.engineOverGraphile) ? `${row.engineOverGraphile.toFixed(2)}×` : "—",
        Number.isFinite(row.engineOverPgboss) ? `${row.engineOverPgboss.toFixed(2)}×` : "—",
      ]),
    ];
    const costRows = [
      head,
      ...summary.flatMap((row) => [
        [
          `${row.workload} c=${row.concurrency} statements/step`,
          ...opts.systems.map((s) => fixed(row[s]?.statementsPerStep ?? Number.NaN, 1)),
        ],
        [
          `${row.workload} c=${row.concurrency} commits/step`,
          ...opts.systems.map((s) => fixed(row[s]?.commitsPerStep ?? Number.NaN, 2)),
        ],
        [
          `${row.workload} c=${row.concurrency} Node CPU ms/step`,
          ...opts.systems.map((s) => fixed(row[s]?.nodeCpuPerStep ?? Number.NaN, 2)),
        ],
        [
          `${row.workload} c=${row.concurrency} PostgreSQL CPU ms/step`,
          ...opts.systems.map((s) => fixed(row[s]?.postgresCpuPerStep ?? Number.NaN, 2)),
        ],
      ]),
    ];
    const latencySummary = Object.fromEntries(
      opts.systems.map((s) => [s, { p50: percentile(latency[s], 50), p95: percentile(latency[s], 95) }]),
    ) as Record<SystemName, { p50: number; p95: number }>;
    const latencyRows = [
      ["three-step run latency", "p50 ms", "p95 ms", "engine p50 ÷ this p50 (> 1× = engine slower)"],
      ...opts.systems.map((s) => [
        LABEL[s],
        fixed(latencySummary[s].p50, 1),
        fixed(latencySummary[s].p95, 1),
        latencySummary.engine ? ratio(latencySummary.engine.p50, latencySummary[s].p50) : "—",
      ]),
    ];
    console.log(`\nMedians over ${opts.rounds} rounds (ratios > 1× mean the engine is faster)\n`);
    console.log(table(throughputRows));
    console.log("");
    console.log(table(costRows));
    console.log("");
    console.log(table(latencyRows));

    if (opts.json) {
      writeFileSync(
        opts.json,
        `${JSON.stringify(
          {
            meta: {
              date: new Date().toISOString(),
              postgres: version,
              node: process.version,
              engineCommit,
              graphileWorker: packageVersion("graphile-worker"),
              pgBoss: packageVersion("pg-boss"),
              rounds: opts.rounds,
              jobs: opts.jobs,
              concurrency: opts.concurrency,
              latencyRuns: opts.latencyRuns,
            },
            summary,
            latency: latencySummary,
            measurements: all,
            latencySamplesMs: latency,
          },
          null,
          2,
        )}\n`,
      );
      console.log(`\nwrote ${opts.json}`);
    }
  } finally {
    await admin.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
