// A worker process SIGKILLed mid-step, on PostgreSQL (multi-process: PGlite has no second process).
// After a restart every run finishes, the killed attempts are re-run under a newer attempt, and no
// step's effect is recorded twice.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, query, type TestDb } from "../../helpers/db";
import { makeTenant, makeWorkflow, startMany, stepsOf, type Tenant, waitFor } from "../../helpers/engine";
import { type Child, spawnWorker } from "../../helpers/spawn-worker";

const RUNS = 12;
const STEPS_PER_RUN = 3;
const CHILD_ENV = { CHILD_HANDLER_MS: "250", CHILD_LEASE_MS: "2000", CHILD_CONCURRENCY: "4" };

describe.skipIf(!process.env.TEST_DATABASE_URL)("engine: a worker process killed mid-step [postgres]", () => {
  let test: TestDb;
  let t: Tenant;
  const children: Child[] = [];

  beforeAll(async () => {
    test = await createTestDb("postgres");
    t = await makeTenant(test.db);
    // the handler's side effects, outside the engine's tables (no RLS: a test fixture)
    await test.db.execute(
      sql`create table engine_attempts (step_id uuid not null, attempt int not null, worker text not null)`,
    );
    await test.db.execute(
      sql`create table engine_effects (step_id uuid not null, attempt int not null, worker text not null)`,
    );
    await test.db.execute(sql`grant select, insert on engine_attempts, engine_effects to runledger_app`);
  });

  afterAll(async () => {
    for (const c of children)
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    await test?.close();
  });

  it("SIGKILL mid-step, restart: every run finishes and no step's effect is recorded twice", async () => {
    const { db, url } = test;
    const wf = await makeWorkflow(
      db,
      t.orgId,
      Array.from({ length: STEPS_PER_RUN }, () => ({ maxRetries: 0 })),
    );
    const runs = await startMany(db, t.actor, wf.workflowId, RUNS);

    const doomed = await spawnWorker(url!, "doomed", CHILD_ENV);
    children.push(doomed);
    // kill once it has finished some steps and is in the middle of others (effects applied, not completed)
    const inFlight = await waitFor(
      async () => {
        const [row] = await query<{ done: number; mid: number }>(
          db,
          sql`select
                (select count(*)::int from workflow_run_steps where status = 'completed') as done,
                (select count(*)::int from workflow_run_steps s
                   where s.status = 'running' and s.lease_owner = 'doomed'
                     and exists (select 1 from engine_effects e where e.step_id = s.id)) as mid`,
        );
        return row!.done >= 4 && row!.mid >= 3 ? row : null;
      },
      60_000,
      "doomed worker mid-step",
      10,
    );
    doomed.proc.kill("SIGKILL");
    expect(await doomed.exited).toBeNull(); // killed by the signal, no exit code
    expect(doomed.proc.signalCode).toBe("SIGKILL");
    const orphaned = await query<{ id: string }>(
      db,
      sql`select id from workflow_run_steps where status = 'running' and lease_owner = 'doomed'`,
    );
    expect(orphaned.length).toBeGreaterThanOrEqual(inFlight.mid);

    const restarted = await spawnWorker(url!, "restarted", CHILD_ENV);
    children.push(restarted);
    await waitFor(
      async () => {
        const [row] = await query<{ open: number }>(
          db,
          sql`select count(*)::int as open from workflow_runs where status not in ('completed', 'failed', 'cancelled', 'timeout')`,
        );
        return row!.open === 0;
      },
      90_000,
      "every run finished",
      50,
    );
    restarted.proc.kill("SIGTERM");
    expect(await restarted.exited).toBe(0);

    const finished = await query<{ status: string; n: number }>(
      db,
      sql`select status, count(*)::int as n from workflow_runs group by status`,
    );
    expect(finished).toEqual([{ status: "completed", n: RUNS }]);

    const total = RUNS * STEPS_PER_RUN;
    // exactly one effect per step, although some steps ran more than once
    const [effects] = await query<{ rows: number; steps: number }>(
      db,
      sql`select count(*)::int as rows, count(distinct step_id)::int as steps from engine_effects`,
    );
    expect(effects).toEqual({ rows: total, steps: total });
    const effectBy = new Map(
      (
        await query<{ step_id: string; worker: string }>(db, sql`select step_id, worker from engine_effects`)
      ).map((r) => [r.step_id, r.worker]),
    );
    const orphanIds = new Set(orphaned.map((o) => o.id));
    const ranTimes = new Map(
      (
        await query<{ step_id: string; n: number }>(
          db,
          sql`select step_id, count(*)::int as n from engine_attempts group by step_id`,
        )
      ).map((r) => [r.step_id, r.n]),
    );
    // the steps the killed worker was in the middle of ran again (at least once more)
    expect([...ranTimes.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(inFlight.mid);

    for (const run of runs) {
      for (const step of await stepsOf(db, run.id)) {
        expect(step.status).toBe("completed");
        expect(step.retryCount).toBe(0); // lost workers do not spend retries
        expect(step.events.filter((e) => e.type === "step.complete")).toHaveLength(1);
        // every extra claim was preceded by the reaper taking an expired lease back
        const claims = step.events.filter((e) => e.type === "step.claim");
        const reaped = step.events.filter((e) => e.type === "step.lease_expired");
        expect(claims.length).toBe(1 + reaped.length);
        expect(step.attempt).toBe(claims.length);
        expect(ranTimes.get(step.id) ?? 0).toBeLessThanOrEqual(claims.length);
        const output = step.outputData as { attempt: number; worker: string; applied_effect: boolean };
        // the recorded completion is the latest attempt's
        expect(output.attempt).toBe(step.attempt);
        expect(claims.at(-1)!.data?.worker).toBe(output.worker);
        if (orphanIds.has(step.id)) {
          // the killed worker's steps: requeued by the reaper, completed by the restarted worker
          expect(output.worker).toBe("restarted");
          expect(reaped.map((e) => e.data?.previous_owner)).toContain("doomed");
          // applied by the killed attempt → not applied again; otherwise applied once, now
          expect(output.applied_effect).toBe(effectBy.get(step.id) === "restarted");
        }
      }
    }
  }, 240_000);
});
