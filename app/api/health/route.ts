import { sql } from "drizzle-orm";
import { getDb, rows } from "@/db/client";
import { migrationState } from "@/db/migrate";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * Liveness for load balancers and the e2e server wait: database reachability
 * and migration state. Public on purpose; it reveals no tenant data.
 */
/** Health answers within this, whatever the database does (a load balancer's probe must not hang). */
const HEALTH_BUDGET_MS = 1500;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function GET() {
  const started = performance.now();
  try {
    const { db, driver } = getDb();
    const migrations = await within(
      rows(db, sql`select 1 as ok`).then(() => migrationState(db)),
      HEALTH_BUDGET_MS,
    );
    const healthy = migrations.pending.length === 0 && migrations.modified.length === 0;
    return Response.json(
      {
        status: healthy ? "ok" : "degraded",
        mode: env().mode,
        database: { reachable: true, driver, latency_ms: Math.round(performance.now() - started) },
        migrations: {
          applied: migrations.applied.length,
          pending: migrations.pending,
          modified: migrations.modified,
          latest: migrations.latest,
        },
      },
      { status: healthy ? 200 : 503 },
    );
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json(
      { status: "down", database: { reachable: false }, migrations: null },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
}
