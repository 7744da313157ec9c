// API write benchmark: runs created per second through the HTTP API — POST /api/workflow/executions
// with a Bearer token, against the production build served by scripts/serve.mjs (the in-process
// worker off, so only the write path is measured) — side by side with raw PostgreSQL inserting a run
// and its five steps in one transaction, on the same database, at the same number of clients, in
// interleaved rounds, plus a floor: the same POST without a token, which the server answers 401 before
// any work. Prints each round, the medians and the ratio, and where the CPU went per run
// created: the bench process itself (HTTP clients or the raw side's driver), the server process, and
// PostgreSQL (every `postgres` process on this machine, read from /proc: Linux only, and meaningful only
// when the database runs here; shown as "-" elsewhere).
//
//   npm run bench:api                          16 clients, 3 rounds of 10 s each side
//   npm run bench:api -- --clients 4 --rounds 5 --seconds 5 --json bench/results/api.json
//   npm run bench:api -- --profile /tmp/prof          also a V8 CPU profile of the server (.cpuprofile)
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/runledger_api_bench) is created when
// missing and migrated; each run adds its own organization and leaves it there. Builds the app first
// (next build) when .next has no build.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import * as schema from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createToken } from "@/lib/auth/tokens";
import { customWorkflow, setupOrg } from "@/tests/helpers/agents";
import { postgresCpu, postgresCpuSince, processCpu } from "./cpu";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "16" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
    port: { type: "string", default: "3197" },
    json: { type: "string" },
    profile: { type: "string" },
  },
});
const CLIENTS = Number(args.clients);
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
const STEPS = 5;
const ROOT = path.resolve(import.meta.dirname, "..");

const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/runledger_api_bench";

async function ensureDatabase(): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found.length) await admin.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  console.error("[bench:api] no production build: running next build");
  const r = spawnSync("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function startServer(): Promise<ChildProcess> {
  // --profile DIR: a V8 CPU profile of the server, written when it is stopped
  const profile = args.profile
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args.profile)}`, "--import", "./bench/exit-on-signal.mjs"]
    : [];
  const proc = spawn(process.execPath, [...profile, "scripts/serve.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      DATABASE_URL: url,
      AUTH_SECRET: randomBytes(48).toString("base64"),
      WORKER: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  proc.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${output.join("")}`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not healthy after 60 s:\n${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type Cpu = { bench: number; server: number; postgres: number | null };
type CpuReading = { bench: number; server: number; postgres: Map<number, number> | null };
type Round = {
  side: "api" | "raw" | "floor";
  created: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** CPU milliseconds per run created */
  cpuPerRun: Cpu;
};

let serverPid = 0;

function cpuNow(): CpuReading {
  const own = process.cpuUsage();
  return {
    bench: (own.user + own.system) / 1000,
    server: processCpu(serverPid) ?? 0,
    postgres: postgresCpu(),
  };
}

/** CLIENTS loops doing `once` back to back for SECONDS; counts successes and failures. */
async function drive(side: Round["side"], once: () => Promise<boolean>): Promise<Round> {
  let created = 0;
  let errors = 0;
  const before = cpuNow();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        if (await once().catch(() => false)) created++;
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const pgSpent = postgresCpuSince(before.postgres);
  const after = cpuNow();
  const per = (a: number, b: number) => (b - a) / Math.max(1, created);
  const cpuPerRun: Cpu = {
    bench: per(before.bench, after.bench),
    server: per(before.server, after.server),
    postgres: pgSpent === null ? null : per(0, pgSpent),
  };
  return { side, created, errors, seconds, perSecond: created / seconds, cpuPerRun };
}

const cpuText = (c: Cpu) =>
  `CPU per run: bench ${c.bench.toFixed(2)} ms, server ${c.server.toFixed(2)} ms, PostgreSQL ${c.postgres === null ? "-" : `${c.postgres.toFixed(2)} ms`}`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main() {
  await ensureDatabase();
  const setupClient = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle({ client: setupClient, schema }) as unknown as Database;
  await migrateUp(db);
  const org = await setupOrg(db);
  const wf = await customWorkflow(
    db,
    org,
    Array.from({ length: STEPS }, (_, i) => ({ stepName: `Step ${i + 1}`, stepType: "todo" as const })),
  );
  const { token } = await withTenant(db, org.orgId, (tx) =>
    createToken(tx, { orgId: org.orgId, userId: org.user.id, name: "bench:api" }),
  );
  await setupClient.end({ timeout: 5 });

  ensureBuild();
  const server = await startServer();
  serverPid = server.pid ?? 0;
  // the raw side: the same database, one connection per client, superuser (no RLS, no API)
  const raw = postgres(url, { max: CLIENTS, onnotice: () => {} });
  const body = JSON.stringify({
    workflow_id: wf.workflowId,
    channel: "api",
    title: "bench",
    inputs: { n: 1 },
  });
  const viaApi = async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/workflow/executions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    return res.status === 201;
  };
  // the floor: the same request without a token, answered 401 before any work: what the server spends on
  // a request of its own (HTTP, routing, the handler's auth check), not part of the ratio
  const viaFloor = async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/workflow/executions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    return res.status === 401;
  };
  const viaRaw = async () => {
    await raw.begin(async (tx) => {
      const [run] = await tx`
        insert into workflow_runs (org_id, workflow_id, channel, title, inputs, started_by)
        values (${org.orgId}, ${wf.workflowId}, 'api', 'bench', ${tx.json({ n: 1 })}, ${org.user.id})
        returning id`;
      await tx`
        insert into workflow_run_steps (org_id, run_id, step_number, order_number, step_name, step_type)
        select ${org.orgId}, ${run!.id}, n, n, 'Step ' || n, 'todo' from generate_series(1, ${STEPS}) n`;
    });
    return true;
  };

  const rounds: Round[] = [];
  try {
    // warm-up: compile the route, fill the token cache and both pools
    await drive("api", viaApi);
    await drive("raw", viaRaw);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [side, once] of [
        ["api", viaApi],
        ["raw", viaRaw],
        ["floor", viaFloor],
      ] as const) {
        const round = await drive(side, once);
        rounds.push(round);
        console.log(
          side === "floor"
            ? `round ${r + 1} floor ${round.perSecond.toFixed(1).padStart(6)} requests/s answered 401  (${round.seconds.toFixed(1)} s)  ${cpuText(round.cpuPerRun).replace("per run", "per request")}`
            : `round ${r + 1} ${side.padEnd(5)} ${round.perSecond.toFixed(1).padStart(6)} runs/s  (${round.created} created, ${round.errors} errors, ${round.seconds.toFixed(1)} s)  ${cpuText(round.cpuPerRun)}`,
        );
      }
    }
  } finally {
    server.kill("SIGTERM");
    await raw.end({ timeout: 5 });
  }
  const api = median(rounds.filter((r) => r.side === "api").map((r) => r.perSecond));
  const rawRate = median(rounds.filter((r) => r.side === "raw").map((r) => r.perSecond));
  const floor = rounds.filter((r) => r.side === "floor");
  console.log(
    `\n${CLIENTS} clients, run + ${STEPS} steps: API ${api.toFixed(1)} runs/s, raw PostgreSQL ${rawRate.toFixed(1)} runs/s, ratio ${(api / rawRate).toFixed(3)}`,
  );
  console.log(
    `floor: ${median(floor.map((r) => r.perSecond)).toFixed(1)} requests/s answered 401, server CPU ${median(floor.map((r) => r.cpuPerRun.server)).toFixed(2)} ms and bench client CPU ${median(floor.map((r) => r.cpuPerRun.bench)).toFixed(2)} ms per request`,
  );
  if (args.json) {
    fs.writeFileSync(
      args.json,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), clients: CLIENTS, steps: STEPS, api, raw: rawRate, ratio: api / rawRate, floor: median(floor.map((r) => r.perSecond)), rounds }, null, 2)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
