import { type SQL, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { describeDrivers, query } from "../helpers/db";
import { makeOrganization, makeRun, makeStep, makeWorkflow } from "../helpers/factories";

// The rollup triggers (0008, 0015) keep each rollup as signed deltas: a changed row takes its old
// contribution back and adds its new one. The random test (analytics-rollups.test.ts) changes several
// columns at once and compares the charts, and it let a trigger that skipped a token-only change or lost
// a duration's -1 pass. Here every analytic column of a run and of a step changes alone, one UPDATE at
// a time, and after each the delta rows of every rollup, summed per key, must equal the same rollup
// computed from the raw rows: a column the trigger misses, or a lost sign, leaves a key off by one.

const FINISHED = sql`('completed', 'failed', 'cancelled', 'timeout')`;
const RAN = sql`(s.status in ('completed', 'failed', 'timeout') and not s.events @> '[{"type": "step.carried"}]'::jsonb)`;

/** Keys and sums as text lines, sorted: the same on both drivers whatever their numeric types. */
async function lines(tx: Tx, statement: SQL) {
  return (await query<{ line: string }>(tx, sql`select line from (${statement}) x order by line`)).map(
    (r) => r.line,
  );
}

/** A rollup's delta rows summed per key, keys whose sums are all zero left out. */
function summed(orgId: string, table: string, keys: string[], sums: string[]) {
  const columns = [...keys, ...sums.map((c) => `sum(${c})`)].join(", ");
  return sql`select concat_ws('|', ${sql.raw(columns)}) as line from ${sql.raw(table)}
    where org_id = ${orgId} group by ${sql.raw(keys.join(", "))}
    having ${sql.raw(sums.map((c) => `sum(${c}) <> 0`).join(" or "))}`;
}

async function rollupsAndRaw(tx: Tx, orgId: string) {
  const runClass = sql`case when r.status in ${FINISHED} then r.status else 'open' end`;
  const day = sql`(r.created_at at time zone 'UTC')::date`;
  return {
    runs: await Promise.all([
      lines(
        tx,
        summed(
          orgId,
          "analytics_run_rollups",
          ["day", "channel", "workflow_id", "status"],
          ["runs", "durations", "duration_sum"],
        ),
      ),
      lines(
        tx,
        sql`select concat_ws('|', ${day}, r.channel, r.workflow_id, ${runClass}, count(*), count(r.duration_ms),
            coalesce(sum(r.duration_ms), 0)) as line
          from workflow_runs r where r.org_id = ${orgId} group by ${day}, r.channel, r.workflow_id, ${runClass}`,
      ),
    ]),
    tiers: await Promise.all([
      lines(
        tx,
        summed(
          orgId,
          "analytics_tier_rollups",
          ["day", "tier", "tier_reason", "llm_model", "status"],
          ["runs", "token_runs", "tokens", "used_tokens"],
        ),
      ),
      lines(
        tx,
        sql`select concat_ws('|', ${day}, r.tier, r.tier_reason, r.llm_model, ${runClass}, count(*),
            count(*) filter (where r.llm_tokens_used > 0), coalesce(sum(r.llm_tokens_used), 0),
            coalesce(sum(r.llm_tokens_used) filter (where r.llm_tokens_used > 0), 0)) as line
          from workflow_runs r where r.org_id = ${orgId}
          group by ${day}, r.tier, r.tier_reason, r.llm_model, ${runClass}`,
      ),
    ]),
    steps: await Promise.all([
      lines(
        tx,
        summed(
          orgId,
          "analytics_step_rollups",
          ["day", "workflow_id", "step_type", "step_name", "status"],
          ["steps", "durations", "duration_sum", "retries"],
        ),
      ),
      lines(
        tx,
        sql`select concat_ws('|', ${day}, r.workflow_id, s.step_type, s.step_name,
            case when ${RAN} then s.status else 'other' end, count(*),
            count(*) filter (where ${RAN} and s.duration_ms is not null),
            coalesce(sum(s.duration_ms) filter (where ${RAN}), 0), sum(s.retry_count)) as line
          from workflow_run_steps s join workflow_runs r on r.id = s.run_id where s.org_id = ${orgId}
          group by ${day}, r.workflow_id, s.step_type, s.step_name, case when ${RAN} then s.status else 'other' end`,
      ),
    ]),
    durations: await Promise.all([
      lines(tx, summed(orgId, "analytics_duration_rollups", ["day", "kind", "dim", "bin"], ["n"])),
      lines(
        tx,
        sql`select concat_ws('|', ${day}, 'run', r.channel, analytics_duration_bin(r.duration_ms), count(*)) as line
            from workflow_runs r where r.org_id = ${orgId} and r.duration_ms is not null
            group by ${day}, r.channel, analytics_duration_bin(r.duration_ms)
          union all
          select concat_ws('|', ${day}, 'step', s.step_type, analytics_duration_bin(s.duration_ms), count(*))
            from workflow_run_steps s join workflow_runs r on r.id = s.run_id
            where s.org_id = ${orgId} and ${RAN} and s.duration_ms is not null
            group by ${day}, s.step_type, analytics_duration_bin(s.duration_ms)`,
      ),
    ]),
  };
}

describeDrivers("analytics rollup deltas", (ctx) => {
  it("every analytic column of a run and of a step, changed alone, moves its rollups exactly", async () => {
    const { db } = ctx();
    const org = await makeOrganization(db);
    const orgId = org.id;
    const tenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, orgId, fn);
    const [wfA, wfB] = await tenant(async (tx) => [
      await makeWorkflow(tx, { orgId }),
      await makeWorkflow(tx, { orgId }),
    ]);
    const made = await tenant(async (tx) => {
      const run = await makeRun(tx, {
        orgId,
        workflowId: wfA!.id,
        channel: "web",
        status: "pending",
        createdAt: new Date("2024-05-03T10:00:00Z"),
      });
      const steps = [];
      for (const n of [1, 2, 3])
        steps.push(
          await makeStep(tx, { orgId, runId: run.id, stepNumber: n, stepType: "resume_extraction" }),
        );
      return { run, steps };
    });
    const run = made.run.id;
    const [s1, s2, s3] = made.steps.map((s) => s.id);
    const check = async (label: string) => {
      const got = await tenant((tx) => rollupsAndRaw(tx, orgId));
      for (const [name, [fromRollups, fromRaw]] of Object.entries(got))
        expect(fromRollups, `${label}: ${name}`).toEqual(fromRaw);
    };
    const runSet = (label: string, set: SQL) => [
      label,
      () => tenant((tx) => tx.execute(sql`update workflow_runs set ${set} where id = ${run}`)),
    ];
    const stepSet = (label: string, id: string | undefined, set: SQL) => [
      label,
      () => tenant((tx) => tx.execute(sql`update workflow_run_steps set ${set} where id = ${id}`)),
    ];
    const changes = [
      runSet("run started", sql`status = 'active'`),
      stepSet("step completed with a duration", s1, sql`status = 'completed', duration_ms = 1234`),
      stepSet("step duration in the same bin", s1, sql`duration_ms = 1239`),
      stepSet("step duration in another bin", s1, sql`duration_ms = 5600`),
      stepSet("step retried", s1, sql`retry_count = retry_count + 1`),
      stepSet("step renamed", s1, sql`step_name = 'Renamed'`),
      stepSet("step retyped", s1, sql`step_type = 'hr_comparison'`),
      stepSet(
        "step failed",
        s2,
        sql`status = 'failed', duration_ms = 80, error_message = 'Timeout after 80 ms'`,
      ),
      stepSet("failed step completed", s2, sql`status = 'completed'`),
      stepSet("step completed without a duration", s3, sql`status = 'completed'`),
      stepSet("step duration cleared", s1, sql`duration_ms = null`),
      runSet("run tokens only", sql`llm_tokens_used = 500`),
      runSet("run tokens changed", sql`llm_tokens_used = 700`),
      runSet("run tier only", sql`tier = 2`),
      runSet("run tier reason only", sql`tier_reason = 'LLM assist'`),
      runSet("run model only", sql`llm_model = 'gpt-4o-mini'`),
      runSet("run completed with a duration", sql`status = 'completed', duration_ms = 9000`),
      runSet("run duration in the same bin", sql`duration_ms = 9010`),
      runSet("run duration in another bin", sql`duration_ms = 12000`),
      runSet("run channel only", sql`channel = 'voice'`),
      runSet("run moved to another workflow", sql`workflow_id = ${wfB!.id}`),
      runSet("run moved to another day", sql`created_at = '2024-05-05T09:00:00Z'`),
      runSet("run failed", sql`status = 'failed'`),
      runSet("run duration cleared", sql`duration_ms = null`),
    ] as [string, () => Promise<unknown>][];
    await check("inserted");
    for (const [label, change] of changes) {
      await change();
      await check(label);
    }
    // a row written finished (an external executor's report) and rows removed
    await tenant(async (tx) => {
      const done = await makeRun(tx, {
        orgId,
        workflowId: wfA!.id,
        channel: "efax",
        status: "completed",
        durationMs: 450,
        llmTokensUsed: 30,
        tier: 1,
        createdAt: new Date("2024-05-04T10:00:00Z"),
      });
      await makeStep(tx, { orgId, runId: done.id, stepNumber: 1, status: "completed", durationMs: 420 });
    });
    await check("inserted finished");
    await tenant((tx) => tx.execute(sql`delete from workflow_run_steps where id = ${s1}`));
    await check("step deleted");
    await tenant((tx) => tx.execute(sql`delete from workflow_runs where id = ${run}`));
    await check("run deleted");
  });
});
