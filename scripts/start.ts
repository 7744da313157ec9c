// npm start: build if needed, apply pending migrations, seed the demo
// organization (embedded mode, empty database), then serve on $PORT (3000).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { closeDb, getDb } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import { DirectoryLockedError, lockDirectory } from "@/db/pglite-lock";
import { authSecret } from "@/lib/auth/secret";
import { demoAccounts, DEMO_PASSWORD } from "@/lib/demo/accounts";
import { seedDemo } from "@/lib/demo/seed";
import { EnvError, env } from "@/lib/env";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "types",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** A build is needed when there is none or a source file is newer than it. */
function needsBuild(): boolean {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

async function main() {
  const e = env();
  if (e.mode === "embedded") {
    // fail at once, before a build, when another process has the embedded database open
    fs.mkdirSync(path.dirname(e.pgliteDir), { recursive: true });
    lockDirectory(e.pgliteDir)();
  }
  if (needsBuild()) {
    console.log("[start] building the app (next build)…");
    const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }

  authSecret(); // embedded mode: create the session secret before the server reads it
  const { db } = getDb();
  const applied = await migrateUp(db);
  console.log(
    applied.length ? `[start] applied migrations ${applied.join(", ")}` : "[start] database is up to date",
  );
  if (e.demoData) {
    const seeded = await seedDemo(db);
    if (seeded.created) {
      console.log("[start] created the demo organization; sign in with any of:");
      for (const a of demoAccounts)
        console.log(`          ${a.role.padEnd(9)} ${a.email}  /  ${DEMO_PASSWORD}`);
    }
  }
  await closeDb(); // the PGlite directory can be open in one place only: hand it to the server

  const where = e.mode === "embedded" ? `embedded PGlite at ${e.pgliteDir}` : "PostgreSQL";
  console.log(`[start] serving http://localhost:${e.PORT} on ${where}`);
  // scripts/serve.mjs: Next.js's handler behind node:http, which decides the client address (TRUST_PROXY)
  const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], {
    stdio: "inherit",
    env: { ...process.env, PORT: String(e.PORT), NODE_ENV: "production" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof EnvError || error instanceof DirectoryLockedError ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
