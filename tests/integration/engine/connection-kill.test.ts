// A worker process whose database connections are all terminated (pg_terminate_backend: what a
// failover or a proxy restart does) several times while its handlers are in flight, on PostgreSQL.
// postgres.js 3.4.9 can throw from a setImmediate when a connection dies under it; the worker must
// log that, reconnect and carry on: the process stays alive and every run completes, each step's
// effect recorded once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, query, type TestDb } from "../../helpers/db";
import { makeTenant, makeWorkflow, startMany, stepsOf, type Tenant, waitFor } from "../../helpers/engine";
import { alive, type Child, spawnWorker } from "../../helpers/spawn-worker";

const RUNS = 16;
const STEPS_PER_RUN = 3;
const KILLS = 5;

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "engine: a worker whose connections are killed [postgres]",
  () => {
    let test: TestDb;
    let t: Tenant;
    const children: Child[] = [];

    beforeAll(async () => {
      test = await createTestDb("postgres");
      t = await makeTenant(test.db);
      await test.db.execute(
        sql`create table engine_attempts (step_id uuid not null, attempt int not null, worker text not null)`,
      );
      await test.db.execute(
        sql`create table engine_effects (step_id uuid not null, attempt int not null, worker text not null)`,
      );
      await test.db.execute(sql`grant select, insert on engine_attempts, engine_effects to runledger_app`);
    });

    afterAll(async () => {
      for (const c of children) if (alive(c)) c.proc.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      await test?.close();
    });

    it("pg_terminate_backend on all its connections mid-step: the worker lives on and every run completes", async () => {
      const { db, url } = test;
      const wf = await makeWorkflow(
        db,
        t.orgId,
        Array.from({ length: STEPS_PER_RUN }, () => ({ maxRetries: 0 })),
      );
      const runs = await startMany(db, t.actor, wf.workflowId, RUNS);
      const worker = await spawnWorker(url!, "survivor", {
        CHILD_HANDLER_MS: "150",
        CHILD_LEASE_MS: "3000",
        CHILD_CONCURRENCY: "4",
      });
      children.push(worker);

      let terminated = 0;
      let killedMidStep = 0;
      for (let k = 0; k < KILLS; k++) {
        // wait until handlers are in flight, then cut every connection the worker holds
        const running = await waitFor(
          async () => {
            const [row] = await query<{ n: number }>(
              db,
              sql`select count(*)::int as n from workflow_run_steps where status = 'running'`,
            );
            return row!.n > 0 ? row!.n : null;
          },
          60_000,
          `steps in flight before kill ${k + 1}`,
          5,
        );
        killedMidStep += running;
        const killed = await query<{ ok: boolean }>(
          db,
          sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
            where datname = current_database() and application_name = 'runledger-worker survivor'`,
        );
        terminated += killed.filter((r) => r.ok).length;
        expect(alive(worker), worker.output.join("")).toBe(true);
      }
      expect(terminated).toBeGreaterThanOrEqual(KILLS);
      expect(killedMidStep).toBeGreaterThanOrEqual(KILLS);

      await waitFor(
        async () => {
          const [row] = await query<{ open: number }>(
            db,
            sql`select count(*)::int as open from workflow_runs where status not in ('completed', 'failed', 'cancelled', 'timeout')`,
          );
          return row!.open === 0 || !alive(worker);
        },
        120_000,
        "every run finished",
        50,
      );
      expect(alive(worker), worker.output.join("")).toBe(true);

      const finished = await query<{ status: string; n: number }>(
        db,
        sql`select status, count(*)::int as n from workflow_runs group by status`,
      );
      expect(finished).toEqual([{ status: "completed", n: RUNS }]);
      const total = RUNS * STEPS_PER_RUN;
      const [effects] = await query<{ rows: number; steps: number }>(
        db,
        sql`select count(*)::int as rows, count(distinct step_id)::int as steps from engine_effects`,
      );
      expect(effects).toEqual({ rows: total, steps: total });
      for (const run of runs) {
        for (const step of await stepsOf(db, run.id)) {
          expect(step.status).toBe("completed");
          expect(step.events.filter((e) => e.type === "step.complete")).toHaveLength(1);
        }
      }

      // and it still stops gracefully
      worker.proc.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    }, 240_000);
  },
);
