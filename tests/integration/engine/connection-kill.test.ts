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

const RUNS = 24;
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
      let kills = 0;
      // KILLS rounds that each cut at least one connection while handlers are in flight (a round that
      // finds the worker between connections, still reconnecting from the last cut, is tried again)
      for (let round = 0; kills < KILLS && round < KILLS * 4; round++) {
        const running = await waitFor(
          async () => {
            const [row] = await query<{ running: number; connections: number }>(
              db,
              sql`select (select count(*)::int from workflow_run_steps where status = 'running') as running,
                         (select count(*)::int from pg_stat_activity
                           where datname = current_database()
                             and application_name = 'runledger-worker survivor') as connections`,
            );
            return row!.running > 0 && row!.connections > 0 ? row!.running : null;
          },
          60_000,
          `steps in flight and the worker connected before kill ${kills + 1}`,
          5,
        );
        const killed = await query<{ ok: boolean }>(
          db,
          sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
            where datname = current_database() and application_name = 'runledger-worker survivor'`,
        );
        const cut = killed.filter((r) => r.ok).length;
        if (cut > 0) {
          kills++;
          terminated += cut;
          killedMidStep += running;
        }
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
      expect(await worker.exited, worker.output.join("")).toBe(0);
    }, 240_000);

    it("the driver's own nextWrite fault: the worker replaces its pool, lives on and every run completes", async () => {
      const { db, url } = test;
      const wf = await makeWorkflow(
        db,
        t.orgId,
        Array.from({ length: STEPS_PER_RUN }, () => ({ maxRetries: 0 })),
      );
      await startMany(db, t.actor, wf.workflowId, RUNS);
      const pidsOf = async () =>
        (
          await query<{ pid: number }>(
            db,
            sql`select pid from pg_stat_activity
              where datname = current_database() and application_name = 'runledger-worker buggy'`,
          )
        ).map((r) => r.pid);
      const worker = await spawnWorker(url!, "buggy", {
        CHILD_HANDLER_MS: "150",
        CHILD_LEASE_MS: "3000",
        CHILD_CONCURRENCY: "4",
        CHILD_INJECT_DRIVER_BUG_MS: "1500",
      });
      children.push(worker);
      const before = await waitFor(
        async () => {
          const pids = await pidsOf();
          return pids.length > 1 ? pids : null;
        },
        30_000,
        "the worker's connections",
      );
      await waitFor(
        () =>
          worker.output.join("").includes("database pool replaced after a driver fault") || !alive(worker),
        60_000,
        "the pool replaced",
        20,
      );
      expect(alive(worker), worker.output.join("")).toBe(true);
      await waitFor(
        async () => {
          const [row] = await query<{ open: number }>(
            db,
            sql`select count(*)::int as open from workflow_runs
              where workflow_id = ${wf.workflowId} and status not in ('completed', 'failed', 'cancelled', 'timeout')`,
          );
          return row!.open === 0 || !alive(worker);
        },
        120_000,
        "every run finished",
        50,
      );
      expect(alive(worker), worker.output.join("")).toBe(true);
      // the old pool is gone: none of its connections is left, the work went on over new ones
      const after = await pidsOf();
      expect(after.filter((pid) => before.includes(pid))).toEqual([]);
      const finished = await query<{ status: string; n: number }>(
        db,
        sql`select status, count(*)::int as n from workflow_runs where workflow_id = ${wf.workflowId} group by status`,
      );
      expect(finished).toEqual([{ status: "completed", n: RUNS }]);
      const [effects] = await query<{ rows: number; steps: number }>(
        db,
        sql`select count(*)::int as rows, count(distinct e.step_id)::int as steps
          from engine_effects e join workflow_run_steps s on s.id = e.step_id
          join workflow_runs r on r.id = s.run_id where r.workflow_id = ${wf.workflowId}`,
      );
      expect(effects).toEqual({ rows: RUNS * STEPS_PER_RUN, steps: RUNS * STEPS_PER_RUN });
      worker.proc.kill("SIGTERM");
      expect(await worker.exited, worker.output.join("")).toBe(0);
    }, 240_000);
  },
);
