// The engine's hot path: statements and commits per step counted at the driver, the fence on a
// completion that carries a run patch, the claim's run promotion against the run machine, and a
// retried comparator whose tokens count once.
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import { runStatuses } from "@/db/schema/enums";
import { createHandlers } from "@/lib/agents";
import type { StepHandler } from "@/lib/agents/types";
import { CLAIM_PROMOTES } from "@/lib/engine/hot-path";
import { claimSteps, completeStep, reapExpiredLeases } from "@/lib/engine/scheduler";
import { runTransition } from "@/lib/engine/transitions";
import { Worker } from "@/lib/engine/worker";
import {
  createJob,
  fakeOpenAi,
  getSteps,
  runToEnd,
  sampleUploads,
  setupOrg,
  startMatchingRun,
  uploadAll,
  withLlmEnv,
} from "../../helpers/agents";
import { describeDrivers, query } from "../../helpers/db";
import {
  expireLease,
  getRun,
  getStep,
  makeTenant,
  makeWorkflow,
  quiesce,
  start,
  startMany,
  type Tenant,
  waitFor,
} from "../../helpers/engine";

type Counter = { statements: number; commits: number };

/** A PGlite client whose statements and transactions are counted (BEGIN and COMMIT count as statements). */
function countingPglite(pg: PGlite, counter: Counter): PGlite {
  const counted = <T extends object>(target: T, autocommit: boolean): T =>
    new Proxy(target, {
      get(t, key) {
        const value = Reflect.get(t, key);
        if (typeof value !== "function") return value;
        if (key === "query" || key === "exec")
          return (...args: unknown[]) => {
            counter.statements++;
            if (autocommit) counter.commits++;
            return value.apply(t, args);
          };
        if (key === "transaction" && autocommit)
          return (fn: (tx: object) => Promise<unknown>) => {
            counter.statements += 2;
            counter.commits++;
            return value.call(t, (tx: object) => fn(counted(tx, false)));
          };
        return value.bind(t);
      },
    });
  return counted(pg, true);
}

/** A handle over the test database whose statements and commits are counted at the client. */
function countingHandle(base: DbHandle, url: string | undefined, counter: Counter): DbHandle {
  if (base.pglite) {
    const client = countingPglite(base.pglite, counter);
    const db = drizzlePglite({ client, schema }) as unknown as Database;
    return { db, driver: "pglite", pglite: base.pglite, close: async () => {} };
  }
  // postgres.js reports every statement of every connection, BEGIN and COMMIT included
  const inTx = new Map<number, boolean>();
  const client = postgres(url!, {
    max: 6,
    onnotice: () => {},
    debug: (connection: number, statement: string) => {
      counter.statements++;
      const head = statement.trim().slice(0, 8).toLowerCase();
      if (head.startsWith("begin")) inTx.set(connection, true);
      else if (head.startsWith("commit") || head.startsWith("rollback")) {
        inTx.set(connection, false);
        counter.commits++;
      } else if (!inTx.get(connection)) counter.commits++;
    },
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  return { db, driver: "postgres", pg: client, close: () => client.end({ timeout: 5 }) };
}

let llm: Awaited<ReturnType<typeof fakeOpenAi>>;
beforeAll(async () => {
  llm = await fakeOpenAi();
});
afterAll(async () => {
  await llm.close();
});

describeDrivers("engine: hot path", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  it("drains three-step chains in at most 6 statements and 1.5 commits per step", async () => {
    const { db, handle, url } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}, {}]);
    const runs = await startMany(db, t.actor, wf.workflowId, 20);
    const steps = runs.length * 3;
    const counter: Counter = { statements: 0, commits: 0 };
    const counted = countingHandle(handle, url, counter);
    let handled = 0;
    const noop: StepHandler = async () => {
      handled++;
      return { output: {} };
    };
    const worker = new Worker(counted, {
      handlers: { todo: noop },
      concurrency: 4,
      pollMs: 60_000,
      housekeepingMs: 60_000,
      heartbeatMs: 30_000,
      leaseMs: 60_000,
      relayWebhooks: false,
    });
    try {
      await worker.start();
      await waitFor(async () => {
        const [row] = await query<{ n: number }>(
          db,
          sql`select count(*)::int as n from workflow_runs
              where id in (${sql.join(
                runs.map((r) => sql`${r.id}`),
                sql`, `,
              )}) and status = 'completed'`,
        );
        return row!.n === runs.length;
      });
    } finally {
      await worker.stop(2_000);
      await counted.close();
    }
    if (process.env.HOT_PATH_PRINT) console.log("hot path", counted.driver, counter, steps);
    expect(handled).toBe(steps);
    // the counter sees the hot path (at least BEGIN, the completion and COMMIT of every step)
    expect(counter.statements).toBeGreaterThanOrEqual(steps * 3);
    expect(counter.commits).toBeGreaterThanOrEqual(steps);
    expect(counter.statements / steps).toBeLessThanOrEqual(6);
    expect(counter.commits / steps).toBeLessThanOrEqual(1.5);
  });

  it("a fenced-out completion writes nothing, its run patch included; the current attempt's patch is written once", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const run = await start(db, t.actor, wf.workflowId);
    const [stale] = await claimSteps(db, { workerId: "w-old", batch: 1, leaseMs: 60_000 });
    await expireLease(db, stale!.id);
    expect(await reapExpiredLeases(db)).toBe(1);
    const [fresh] = await claimSteps(db, { workerId: "w-new", batch: 1, leaseMs: 60_000 });
    expect(fresh).toMatchObject({ id: stale!.id, attempt: 2 });
    const stepBefore = await getStep(db, fresh!.id);
    const runBefore = await getRun(db, run.id);

    const patch = (tokensUsed: number) => ({
      results: { excellent_matches: 1 },
      metrics: { compared: 1 },
      tier: 1,
      tierReason: "test",
      llm: { model: "m", prompt: "p", response: "r", tokensUsed },
    });
    expect(await completeStep(db, stale!, { output: { by: "old" }, runPatch: patch(500) })).toBe("lost");
    expect(await getStep(db, fresh!.id)).toEqual(stepBefore);
    expect(await getRun(db, run.id)).toEqual(runBefore);

    expect(await completeStep(db, fresh!, { output: { by: "new" }, runPatch: patch(40) })).toBe("ok");
    // a late duplicate of the winning completion is fenced out too
    expect(await completeStep(db, fresh!, { output: { by: "again" }, runPatch: patch(40) })).toBe("lost");
    const after = await getRun(db, run.id);
    expect(after).toMatchObject({
      status: "active",
      results: { excellent_matches: 1 },
      metrics: { compared: 1 },
      tier: 1,
      tierReason: "test",
      llmModel: "m",
      llmTokensUsed: 40,
      progress: { completed_steps: 1, total_steps: 2, percentage: 50 },
    });
    expect(await getStep(db, fresh!.id)).toMatchObject({ status: "completed", outputData: { by: "new" } });
  });

  it("the claim promotes a run exactly as the run machine's start/resume would", async () => {
    const { db } = ctx();
    expect(CLAIM_PROMOTES).toEqual([
      { from: "pending", event: "start" },
      { from: "waiting", event: "resume" },
    ]);
    const wf = await makeWorkflow(db, t.orgId, [{}]);
    for (const status of runStatuses) {
      const run = await start(db, t.actor, wf.workflowId);
      await db.execute(
        sql`update workflow_runs set status = ${status}, started_at = null where id = ${run.id}`,
      );
      const claimed = await claimSteps(db, { workerId: "w-machine", batch: 10, leaseMs: 60_000 });
      expect(claimed.map((s) => s.runId)).toEqual([run.id]);
      const after = await getRun(db, run.id);
      const machine = (["start", "resume"] as const)
        .map((event) => runTransition(status, event))
        .find((r) => r.ok && r.to === "active");
      expect(after.status, status).toBe(machine ? "active" : status);
      if (machine) expect(after.startedAt, status).not.toBeNull();
      await quiesce(db);
    }
  });

  it("a retried comparator counts its LLM tokens once", async () => {
    const t0 = ctx();
    const org = await setupOrg(t0.db);
    const jd = await createJob(t0.db, org.orgId);
    const { good } = sampleUploads();
    const rows = await uploadAll(t0.db, org.orgId, [good.pdf, good.txt]);
    llm.calls.length = 0;
    llm.script(["ok", "ok"]);
    const real = createHandlers();
    // the first comparator attempt does all its work, then loses its lease before it reports
    const comparator: StepHandler = async (hctx) => {
      const result = await real.hr_comparison!(hctx);
      if (hctx.step.attempt === 1) {
        await expireLease(t0.db, hctx.step.id);
        expect(await reapExpiredLeases(t0.db)).toBe(1);
      }
      return result;
    };
    const run = await withLlmEnv(
      { baseUrl: llm.baseUrl, apiKey: "sk-test", model: "gpt-test-1" },
      async () => {
        const started = await startMatchingRun(t0.db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
        return runToEnd(t0, org.orgId, started.id, { handlers: { ...real, hr_comparison: comparator } });
      },
    );
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(llm.calls).toHaveLength(2); // the comparator ran twice
    const step = (await getSteps(t0.db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
    expect(step.attempt).toBe(2);
    expect(step.llmTokensUsed).toBe(123);
    expect(run.llmTokensUsed).toBe(123); // counted once
    expect(run.tier).toBe(1);
  });
});
