// npm test: the whole suite, in the order that fails fastest —
// lint, format check, types, unit, integration (PGlite, plus PostgreSQL when
// TEST_DATABASE_URL is set), the short chaos run (PostgreSQL only), production build,
// end-to-end in real Chromium.
import { spawnSync } from "node:child_process";

type Step = { name: string; cmd: string[]; env?: Record<string, string> };

const npx = (...args: string[]) => ["npx", ...args];
const steps: Step[] = [
  { name: "lint", cmd: npx("biome", "lint", ".") },
  { name: "format", cmd: npx("biome", "format", ".") },
  { name: "typecheck", cmd: npx("tsc", "--noEmit", "-p", ".") },
  { name: "unit", cmd: npx("vitest", "run", "--project", "unit") },
  { name: "integration", cmd: npx("vitest", "run", "--project", "integration") },
  // workers SIGKILLed and connections terminated under real runs (scripts/chaos.ts); needs PostgreSQL
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: "chaos", cmd: ["npm", "run", "chaos", "--", "--short"] }]
    : []),
  { name: "build", cmd: npx("next", "build") },
  { name: "e2e", cmd: npx("playwright", "test") },
];

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((s) => only.includes(s.name)) : steps;
const results: { name: string; ok: boolean; seconds: number }[] = [];

if (!process.env.TEST_DATABASE_URL) {
  console.log("[test] TEST_DATABASE_URL is not set: integration tests run on PGlite only");
}
for (const step of selected) {
  console.log(`\n[test] ── ${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(step.cmd[0]!, step.cmd.slice(1), {
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  const ok = r.status === 0;
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
  if (!ok) break;
}

console.log("\n[test] summary");
for (const r of results)
  console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
const failed = results.some((r) => !r.ok) || results.length < selected.length;
process.exit(failed ? 1 : 0);
