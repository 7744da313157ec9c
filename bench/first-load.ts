// First Load JS per route of the last `next build` (Next 16 no longer prints the column).
//
// For each app route: the shared runtime chunks (build-manifest rootMainFiles) plus every chunk the
// route's client-reference manifest lists for its segments (layouts, page, loading, error,
// not-found), each counted once, gzip-compressed as Next used to report them.
//
//   npm run build && npm run bench:first-load        (NEXT_DIST_DIR picks another build directory)
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next");
const buildManifest = JSON.parse(fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};

const gzipCache = new Map<string, number>();
function gzipSize(file: string): number {
  const cached = gzipCache.get(file);
  if (cached !== undefined) return cached;
  const size = gzipSync(fs.readFileSync(path.join(dist, file))).byteLength;
  gzipCache.set(file, size);
  return size;
}

function manifests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...manifests(full));
    else if (entry.name === "page_client-reference-manifest.js") found.push(full);
  }
  return found;
}

type RscManifest = { entryJSFiles?: Record<string, string[]> };

const rows: { route: string; kb: number }[] = [];
for (const file of manifests(path.join(dist, "server", "app"))) {
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, RscManifest> } };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
  for (const [key, manifest] of Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {})) {
    const chunks = new Set(buildManifest.rootMainFiles);
    for (const files of Object.values(manifest.entryJSFiles ?? {})) for (const f of files) chunks.add(f);
    const bytes = [...chunks].reduce((sum, f) => sum + gzipSize(f), 0);
    const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    rows.push({ route, kb: bytes / 1000 });
  }
}

rows.sort((a, b) => a.route.localeCompare(b.route));
console.log(`First Load JS (gzip) of ${rows.length} routes in ${path.relative(process.cwd(), dist)}:`);
for (const r of rows) console.log(`  ${r.route.padEnd(44)} ${r.kb.toFixed(1).padStart(7)} kB`);
