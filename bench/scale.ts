// Scale benchmark: the run history and the analytics read models at 100,000 and at 1,000,000 runs,
// measured as the application role inside the tenant (withTenant), side by side with the ratio.
//
//   npm run bench:scale                                  full size (generates once, ~10 min; reruns reuse it)
//   npm run bench:scale -- --json bench/results/x.json   also save the figures
//   npm run bench:scale -- --compare bench/results/scale-before.json   before/after side by side
//   npm run bench:scale -- --only history|analytics      a subset of the scenarios
//   npm run bench:scale -- --only history --match "q ="   only scenarios whose name holds the text
//   npm run bench:scale -- --scale 0.01                  a quick small run (10,000 + 1,000 runs)
//   npm run bench:scale -- --reps 15 --budget 20         repetitions and seconds per scenario
//
// BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/runledger_scale,
// or runledger_scale_<scale> for other scales). The database is created when missing, migrated with
// migrateUp and filled by bench/scale-data.ts; nothing is ever dropped.
//
// What is measured: the wall time of one withTenant transaction around the query function the API
// and the pages call (BEGIN, role and tenant settings, the query, COMMIT) on one local connection —
// the server time a request pays for its data. Each scenario runs once to warm up, then up to --reps
// times; it stops after --budget seconds in total, and after 3 repetitions when one took over 2 s.
// statement_timeout is 60 s; a scenario that hits it is reported as a timeout.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Database, rows } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import {
  type AnalyticsRange,
  analyticsOverview,
  channelPerformance,
  failedStepsAnalysis,
  failureGroupRuns,
  llmTokenUsage,
  nodeExecutionStats,
  tierDistribution,
  workflowExecutionSummary,
} from "@/db/queries/analytics";
import { encodeCursor } from "@/db/queries/paging";
import { compactAnalyticsRollups } from "@/db/queries/rollups";
import { listRuns, type RunFilters, type RunSort } from "@/db/queries/runs";
import * as schema from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { presetRange, resolveRange } from "@/app/(dashboard)/analytics/search-params";
import { ensureScaleData, type ScaleDataset, type ScaleOrg } from "./scale-data";

const PAGE_SIZE = 50;
const CURSOR_DEPTH_PAGES = 10_000;
const FULL_SKIP = 500_000;
const SLOW_MS = 2_000;
const STATEMENT_TIMEOUT_MS = 60_000;
const DAY_MS = 86_400_000;

// ── options ─────────────────────────────────────────────────────────────────────────────────────

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    only: { type: "string" },
    match: { type: "string" },
    json: { type: "string" },
    compare: { type: "string" },
    reps: { type: "string", default: "15" },
    budget: { type: "string", default: "20" },
  },
});

function positive(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number in (0, ${max}]`);
  return n;
}
const SCALE = positive("scale", args.scale, 1);
const REPS = Math.round(positive("reps", args.reps, 1000));
const BUDGET_MS = positive("budget", args.budget, 3600) * 1000;
if (args.only && args.only !== "history" && args.only !== "analytics") {
  throw new Error("--only must be history or analytics");
}
const compareWith = args.compare ? (JSON.parse(fs.readFileSync(args.compare, "utf8")) as BenchResult) : null;

function databaseUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const name = SCALE === 1 ? "runledger_scale" : `runledger_scale_${String(SCALE).replace(/\W/g, "_")}`;
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

// ── measuring ───────────────────────────────────────────────────────────────────────────────────

export type Measured = {
  p50: number | null;
  p95: number | null;
  reps: number;
  /** Rows the query returned (history: rows on the page). */
  rows?: number;
  timeout?: boolean;
  error?: string;
};
type Scenario = {
  group: "history" | "analytics";
  name: string;
  /** Runs the query once inside the tenant; returns the rows it produced (for the sanity column). */
  run: (org: ScaleOrg) => Promise<number | undefined>;
};
export type ScenarioResult = { group: string; name: string; b: Measured; a: Measured };
export type BenchResult = {
  measuredAt: string;
  commit: string | null;
  scale: number;
  runsA: number;
  runsB: number;
  steps: number;
  scenarios: ScenarioResult[];
};

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function isTimeout(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "57014") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function messageOf(error: unknown): string {
  let e: unknown = error;
  while (e && typeof e === "object" && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

async function measure(run: () => Promise<number | undefined>): Promise<Measured> {
  const times: number[] = [];
  let spent = 0;
  let count: number | undefined;
  const once = async () => {
    const t0 = performance.now();
    try {
      count = await run();
      return { ms: performance.now() - t0 };
    } catch (error) {
      return { ms: performance.now() - t0, error };
    }
  };
  const finish = (extra: Partial<Measured> = {}): Measured => {
    const sorted = [...times].sort((x, y) => x - y);
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      reps: times.length,
      rows: count,
      ...extra,
    };
  };
  // the warm-up is thrown away unless it was slow: then repeating it only costs time
  const warm = await once();
  spent += warm.ms;
  if (warm.error)
    return isTimeout(warm.error) ? finish({ timeout: true }) : finish({ error: messageOf(warm.error) });
  if (warm.ms > SLOW_MS) times.push(warm.ms);
  while (times.length < REPS && spent < BUDGET_MS) {
    if (times.length >= 3 && Math.max(...times) > SLOW_MS) break;
    const r = await once();
    spent += r.ms;
    if (r.error)
      return isTimeout(r.error) ? finish({ timeout: true }) : finish({ error: messageOf(r.error) });
    times.push(r.ms);
  }
  return finish();
}

// ── scenario inputs (read as the owner, not timed) ──────────────────────────────────────────────

type OrgInputs = {
  workflowId: string;
  startedBy: string;
  publicId: string;
  email: string;
  correlationId: string;
  cursor: string;
  cursorDepthPages: number;
  skip: number;
  failureGroupKey: string | null;
};

/**
 * An opaque next_cursor as the API would hand it out after `pages` pages of the default order
 * (newest first). The only place that knows the cursor's encoding.
 */
async function cursorAtDepth(db: Database, orgId: string, pages: number): Promise<string> {
  const [row] = await rows<{ at: string; id: string }>(
    db,
    sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id::text
        from workflow_runs where org_id = ${orgId}
        order by created_at desc, id desc offset ${pages * PAGE_SIZE - 1} limit 1`,
  );
  if (!row) throw new Error(`organization ${orgId} has fewer than ${pages} pages`);
  return encodeCursor(row.at, row.id);
}

async function inputsOf(db: Database, data: ScaleDataset, org: ScaleOrg): Promise<OrgInputs> {
  const [wf] = await rows<{ id: string }>(
    db,
    sql`select id::text from workflows where org_id = ${org.id} and name = 'Referral fast-track'`,
  );
  const [user] = await rows<{ id: string }>(
    db,
    sql`select id::text from users where org_id = ${org.id} and role = 'recruiter' order by email offset 2 limit 1`,
  );
  // a run from the middle of the history: its id, candidate and correlation id are searched for
  const [middle] = await rows<{ public_id: string; email: string; correlation_id: string }>(
    db,
    sql`select public_id, context ->> 'candidate_email' as email, context ->> 'correlation_id' as correlation_id
        from workflow_runs where org_id = ${org.id}
        order by created_at desc, id desc offset ${Math.floor(org.runs / 2)} limit 1`,
  );
  // deepest full page when the organization has fewer than CURSOR_DEPTH_PAGES pages
  const depth = Math.max(1, Math.min(CURSOR_DEPTH_PAGES, Math.floor(org.runs / PAGE_SIZE) - 1));
  const since = new Date(data.anchor.getTime() - 30 * DAY_MS).toISOString();
  const [group] = await rows<{ key: string }>(
    db,
    sql`select md5(f.step_type || chr(31) || f.step_name || chr(31) || f.normalized_error) as key
        from v_failed_steps_analysis f
        where f.org_id = ${org.id} and f.failed_at >= ${since}::timestamptz and f.error_message like 'LLM provider rate limit%'
        limit 1`,
  );
  return {
    workflowId: wf!.id,
    startedBy: user!.id,
    publicId: middle!.public_id,
    email: middle!.email,
    correlationId: middle!.correlation_id,
    cursor: await cursorAtDepth(db, org.id, depth),
    cursorDepthPages: depth,
    skip: Math.round(FULL_SKIP * (org.runs / 1_000_000)),
    failureGroupKey: group?.key ?? null,
  };
}

// ── scenarios ───────────────────────────────────────────────────────────────────────────────────

function scenarios(db: Database, data: ScaleDataset, inputs: Map<string, OrgInputs>): Scenario[] {
  const of = (org: ScaleOrg) => inputs.get(org.id)!;
  const history = (
    name: string,
    page: (o: OrgInputs) => { filters?: RunFilters; sort?: RunSort; skip?: number; cursor?: string },
  ): Scenario => ({
    group: "history",
    name,
    run: async (org) => {
      const p = page(of(org));
      const result = await withTenant(db, org.id, (tx) =>
        listRuns(tx, {
          orgId: org.id,
          filters: p.filters ?? {},
          limit: PAGE_SIZE,
          skip: p.skip,
          cursor: p.cursor ?? null,
          sort: p.sort,
        }),
      );
      return result.rows.length;
    },
  });
  const week = {
    from: new Date(data.anchor.getTime() - 37 * DAY_MS),
    to: new Date(data.anchor.getTime() - 30 * DAY_MS),
  };
  const sorts: RunSort[] = [
    "created_at",
    "-created_at",
    "duration_ms",
    "-duration_ms",
    "status",
    "-status",
    "title",
    "-title",
  ];
  const list: Scenario[] = [
    history("first page", () => ({})),
    history(`cursor at page ${CURSOR_DEPTH_PAGES.toLocaleString("en")} (B: last page)`, (o) => ({
      cursor: o.cursor,
    })),
    history("skip = runs / 2 (500,000 at 1M)", (o) => ({ skip: o.skip })),
    history("status = failed", () => ({ filters: { status: ["failed"] } })),
    history("channel = voice", () => ({ filters: { channel: ["voice"] } })),
    history("workflow (10 % of runs)", (o) => ({ filters: { workflowId: o.workflowId } })),
    history("started_by (one recruiter)", (o) => ({ filters: { startedBy: o.startedBy } })),
    history("date range (7 days, a month ago)", () => ({ filters: { from: week.from, to: week.to } })),
    history("q = WF-id", (o) => ({ filters: { q: o.publicId } })),
    history("q = candidate e-mail", (o) => ({ filters: { q: o.email } })),
    history("q = error text 'rate limit'", () => ({ filters: { q: "rate limit" } })),
    // one requisition in 400: 2,500 runs at 1M (read newest first by spans), 250 at 100k (exact, from ids)
    history("q = requisition (0.25 % of runs)", () => ({ filters: { q: "REQ-1234" } })),
    // a single word may sit inside a longer one: these read the trigram index, not the word index
    history("q = one word, 10 % of runs ('okafor')", () => ({ filters: { q: "okafor" } })),
    history("q = one word, 1 run (e-mail's name part)", (o) => ({
      filters: { q: o.email.split("@")[0]!.split(".")[1]! },
    })),
    history("context @> correlation_id (1 hit)", (o) => ({
      filters: { context: { correlation_id: o.correlationId } },
    })),
    ...sorts.map((sort) => history(`sort=${sort}`, () => ({ sort }))),
  ];
  // The ranges the Analytics page asks for (app/(dashboard)/analytics/search-params.ts): whole UTC days
  // up to the end of the anchor's day ("30 days" preset; "12 months" as a custom range of 365 days).
  // The page never asks for a range that starts inside a day; "30 days from an instant" measures that
  // case (a partial first day read from raw rows) for the read models' other callers.
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const page = (r: { from: Date; to: Date }): AnalyticsRange => ({ from: r.from, to: r.to });
  const ranges: [string, AnalyticsRange][] = [
    ["30 days", page(presetRange("30d", data.anchor))],
    [
      "12 months",
      page(
        resolveRange(
          { from: day(new Date(data.anchor.getTime() - 364 * DAY_MS)), to: day(data.anchor) },
          data.anchor,
        ),
      ),
    ],
    ["30 days from an instant", { from: new Date(data.anchor.getTime() - 30 * DAY_MS), to: data.anchor }],
  ];
  const charts: [
    string,
    (
      tx: Parameters<Parameters<typeof withTenant>[2]>[0],
      org: ScaleOrg,
      r: AnalyticsRange,
    ) => Promise<number>,
  ][] = [
    ["overview", async (tx, org, r) => (await analyticsOverview(tx, org.id, r)).runs],
    ["channel performance", async (tx, org, r) => (await channelPerformance(tx, org.id, r)).series.length],
    ["node statistics", async (tx, org, r) => (await nodeExecutionStats(tx, org.id, r)).rows.length],
    ["failed-step groups", async (tx, org, r) => (await failedStepsAnalysis(tx, org.id, r)).groups.length],
    [
      "failure group runs",
      async (tx, org, r) => {
        const key = of(org).failureGroupKey;
        if (!key) throw new Error("no failed step to group by in the last 30 days");
        return (await failureGroupRuns(tx, org.id, key, r)).runs.length;
      },
    ],
    ["workflow summary", async (tx, org, r) => (await workflowExecutionSummary(tx, org.id, r)).length],
    ["LLM usage", async (tx, org, r) => (await llmTokenUsage(tx, org.id, r)).series.length],
    ["tiers", async (tx, org, r) => (await tierDistribution(tx, org.id, r)).length],
  ];
  for (const [chart, fn] of charts) {
    for (const [label, range] of ranges) {
      list.push({
        group: "analytics",
        name: `${chart}, ${label}`,
        run: (org) => withTenant(db, org.id, (tx) => fn(tx, org, range)),
      });
    }
  }
  return list.filter(
    (s) => (!args.only || s.group === args.only) && (!args.match || s.name.includes(args.match)),
  );
}

// ── printing ────────────────────────────────────────────────────────────────────────────────────

function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString("en");
}

function cell(m: Measured | undefined, key: "p50" | "p95"): string {
  if (!m) return "–";
  if (m.timeout) return "timeout";
  if (m.error) return "error";
  return ms(m[key]);
}

function ratio(a: Measured | undefined, b: Measured | undefined): string {
  if (!a || !b || a.p95 === null || b.p95 === null || a.timeout || b.timeout || a.error || b.error)
    return "–";
  return `${(a.p95 / b.p95).toFixed(2)}×`;
}

function runsLabel(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}k`;
  return String(n);
}

function table(header: string[], body: string[][], alignLeft = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function printResults(result: BenchResult) {
  const b = runsLabel(result.runsB);
  const a = runsLabel(result.runsA);
  const header = [
    "scenario (ms)",
    `${b} p50`,
    `${b} p95`,
    `${a} p50`,
    `${a} p95`,
    `${a}÷${b} p95`,
    "reps",
    "rows",
  ];
  const body: string[][] = [];
  let group = "";
  for (const s of result.scenarios) {
    if (s.group !== group) {
      group = s.group;
      if (body.length) body.push(header.map(() => ""));
      body.push([`[${group}]`, "", "", "", "", "", "", ""]);
    }
    body.push([
      `  ${s.name}`,
      cell(s.b, "p50"),
      cell(s.b, "p95"),
      cell(s.a, "p50"),
      cell(s.a, "p95"),
      ratio(s.a, s.b),
      `${s.b.reps}/${s.a.reps}`,
      `${s.b.rows ?? "–"}/${s.a.rows ?? "–"}`,
    ]);
  }
  console.log(table(header, body));
  const failed = result.scenarios.flatMap((s) =>
    [
      ["", s.b],
      ["", s.a],
    ].flatMap(([, m]) => ((m as Measured).error ? [`${s.name}: ${(m as Measured).error}`] : [])),
  );
  if (failed.length) console.log(`\nerrors:\n${failed.map((f) => `  ${f}`).join("\n")}`);
}

function printComparison(before: BenchResult, after: BenchResult) {
  const byName = new Map(before.scenarios.map((s) => [s.name, s]));
  const b = runsLabel(after.runsB);
  const a = runsLabel(after.runsA);
  const header = [
    "scenario (p95 ms)",
    `${b} before`,
    `${b} after`,
    `${a} before`,
    `${a} after`,
    `${a} speed-up`,
    `${a}÷${b} before`,
    `${a}÷${b} after`,
  ];
  const body = after.scenarios.map((s) => {
    const old = byName.get(s.name);
    const speedup =
      old?.a.p95 && s.a.p95 && !s.a.timeout && !s.a.error
        ? `${old.a.timeout ? "≥" : ""}${((old.a.timeout ? STATEMENT_TIMEOUT_MS : old.a.p95) / s.a.p95).toFixed(0)}×`
        : "–";
    return [
      s.name,
      cell(old?.b, "p95"),
      cell(s.b, "p95"),
      cell(old?.a, "p95"),
      cell(s.a, "p95"),
      speedup,
      ratio(old?.a, old?.b),
      ratio(s.a, s.b),
    ];
  });
  console.log(
    `\nbefore: ${before.measuredAt} (${before.commit?.slice(0, 10) ?? "?"})  after: ${after.measuredAt}`,
  );
  console.log(table(header, body));
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

async function ensureDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found.length) {
      console.error(`creating database ${name}`);
      await admin.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const url = databaseUrl();
  await ensureDatabase(url);
  // Setting up (migrations, generation) may take minutes per statement: no statement_timeout there.
  const setup = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: "runledger-bench-scale" },
  });
  const setupDb = drizzle({ client: setup, schema }) as unknown as Database;
  let data: ScaleDataset;
  const inputs = new Map<string, OrgInputs>();
  try {
    const migrated = await migrateUp(setupDb);
    if (migrated.length) console.error(`migrated: ${migrated.join(", ")}`);
    const started = performance.now();
    data = await ensureScaleData(setupDb, { scale: SCALE, log: (line) => console.error(line) });
    if (data.generated) console.error(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // the analytics rollups as a running worker keeps them: deltas folded (a no-op when already folded)
    const folded = await compactAnalyticsRollups(setupDb);
    // a migration that just wrote rollup rows (0016's backfill of weeks and months) counts as folding:
    // autovacuum would follow it too
    if (folded || migrated.length) {
      console.error(`analytics rollups: ${folded.toLocaleString("en")} delta rows folded`);
      // A worker folds a few deltas at a time and autovacuum follows; folding millions at once leaves
      // their dead index entries for every index-only read to step over until autovacuum comes by.
      await setupDb.execute(
        sql`vacuum (analyze) analytics_run_rollups, analytics_tier_rollups, analytics_step_rollups,
            analytics_duration_rollups, analytics_failure_rollups, analytics_run_period_rollups,
            analytics_tier_period_rollups, analytics_step_period_rollups, analytics_duration_period_rollups`,
      );
    }
    console.error(
      `dataset: A ${data.orgA.runs.toLocaleString("en")} runs, B ${data.orgB.runs.toLocaleString("en")} runs, ` +
        `${data.steps.toLocaleString("en")} steps, history ending ${data.anchor.toISOString()}`,
    );
    for (const org of [data.orgB, data.orgA]) inputs.set(org.id, await inputsOf(setupDb, data, org));
  } finally {
    await setup.end({ timeout: 5 });
  }
  // One connection for the measurements: every one sees the same session and nothing runs beside it.
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: "runledger-bench-scale", statement_timeout: STATEMENT_TIMEOUT_MS },
  });
  const db = drizzle({ client, schema }) as unknown as Database;
  try {
    const results: ScenarioResult[] = [];
    for (const s of scenarios(db, data, inputs)) {
      const b = await measure(() => s.run(data.orgB));
      const a = await measure(() => s.run(data.orgA));
      results.push({ group: s.group, name: s.name, b, a });
      console.error(
        `  ${s.name.padEnd(40)} ${cell(b, "p95").padStart(9)} ${cell(a, "p95").padStart(9)}  (${b.reps}/${a.reps} reps)`,
      );
    }
    const result: BenchResult = {
      measuredAt: new Date().toISOString(),
      commit: gitCommit(),
      scale: data.scale,
      runsA: data.orgA.runs,
      runsB: data.orgB.runs,
      steps: data.steps,
      scenarios: results,
    };
    console.log(
      `\nbench:scale — p50/p95 ms per withTenant read, org B ${result.runsB.toLocaleString("en")} runs and ` +
        `org A ${result.runsA.toLocaleString("en")} runs (${result.steps.toLocaleString("en")} steps in all); ` +
        `page size ${PAGE_SIZE}; cursor depth ${inputs.get(data.orgA.id)!.cursorDepthPages.toLocaleString("en")} ` +
        `pages at A, ${inputs.get(data.orgB.id)!.cursorDepthPages.toLocaleString("en")} at B\n`,
    );
    printResults(result);
    if (compareWith) printComparison(compareWith, result);
    if (args.json) {
      fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
      fs.writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
      console.error(`\nsaved ${args.json}`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

await main().catch((error: unknown) => {
  console.error(`bench:scale: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
