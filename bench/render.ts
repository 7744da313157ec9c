// Time from navigation to data on screen, in real Chromium against the production server.
//
//   npm run bench:render                         (builds if needed, like npm start)
//   npm run bench:render -- --rounds 10 --json bench/results/render.json
//
// Starts `npm start` on a fresh embedded database (demo data, port 3200 unless BENCH_RENDER_PORT),
// signs in as the demo manager and measures, per page, the milliseconds from the start of a
// navigation until the page shows its data:
// - /runs: the first run row of the history table;
// - /analytics: the KPI cards and every chart's drawn marks (the charts load after the page).
// Two kinds of navigation: a full page load (goto, a cold document) and a click on the sidebar link
// from another page (client-side, what a signed-in user does). One warm-up round, then --rounds.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts } from "@/lib/demo/accounts";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "10" }, json: { type: "string" } },
});
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) throw new Error("--rounds must be 1–100");

const port = Number(process.env.BENCH_RENDER_PORT ?? 3200);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runledger-render-"));

const charts = [
  ["channel-performance", ".recharts-bar-rectangle"],
  ["node-stats", ".recharts-bar-rectangle"],
  ["tiers", ".recharts-pie-sector"],
  ["failure-trend", ".recharts-bar-rectangle"],
  ["workflow-summary", ".recharts-bar-rectangle"],
  ["llm-tokens", ".recharts-area-area"],
] as const;

type Target = { path: string; link: string; ready: (page: Page) => Promise<void> };
const targets: Target[] = [
  {
    path: "/runs",
    link: "Runs",
    ready: async (page) => {
      await page.getByTestId("runs-table").locator("tr[data-run]").first().waitFor({ state: "visible" });
    },
  },
  {
    path: "/analytics",
    link: "Analytics",
    ready: async (page) => {
      await page.getByTestId("kpis").waitFor({ state: "visible" });
      for (const [id, marks] of charts)
        await page.getByTestId(`card-${id}`).locator(`[data-chart-frame] ${marks}`).first().waitFor();
    },
  },
];

async function waitForServer(server: ChildProcess) {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not answer /api/health within 10 minutes");
}

function quantile(sorted: number[], p: number) {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  return a + (pos - lo) * ((sorted[hi] ?? a) - a);
}

async function main() {
  fs.mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
  const server = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log: string[] = [];
  server.stdout?.on("data", (b) => log.push(String(b)));
  server.stderr?.on("data", (b) => log.push(String(b)));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  try {
    await waitForServer(server);
    const page = await browser.newPage({ baseURL: base });
    const manager = demoAccounts.find((a) => a.role === "manager");
    if (!manager) throw new Error("no demo manager");
    await page.goto("/login");
    await page.getByLabel("Email").fill(manager.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("current-user").waitFor();

    const results: { page: string; navigation: string; p50: number; p95: number; max: number }[] = [];
    for (const target of targets) {
      const other = targets.find((t) => t !== target) ?? target;
      const full: number[] = [];
      const click: number[] = [];
      for (let i = 0; i <= rounds; i++) {
        let t0 = performance.now();
        await page.goto(target.path, { waitUntil: "commit" });
        await target.ready(page);
        if (i > 0) full.push(performance.now() - t0);

        await page.goto(other.path);
        await other.ready(page);
        t0 = performance.now();
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: target.link }).click();
        await page.waitForURL(`**${target.path}`);
        await target.ready(page);
        if (i > 0) click.push(performance.now() - t0);
      }
      for (const [navigation, times] of [
        ["full page load", full],
        ["sidebar link", click],
      ] as const) {
        const sorted = [...times].sort((a, b) => a - b);
        results.push({
          page: target.path,
          navigation,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          max: sorted[sorted.length - 1] ?? Number.NaN,
        });
      }
    }
    console.log(`navigation to data on screen, ${rounds} rounds after one warm-up (ms)`);
    console.log("page        navigation         p50      p95      max");
    for (const r of results)
      console.log(
        `${r.page.padEnd(12)}${r.navigation.padEnd(17)}${r.p50.toFixed(0).padStart(7)}${r.p95.toFixed(0).padStart(9)}${r.max.toFixed(0).padStart(9)}`,
      );
    if (args.json)
      fs.writeFileSync(
        args.json,
        `${JSON.stringify({ measuredAt: new Date().toISOString(), rounds, results }, null, 2)}\n`,
      );
  } catch (e) {
    console.error(log.join("").slice(-4000));
    throw e;
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
