import { type SQL, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { describeDrivers, query } from "../helpers/db";
import {
  makeOrganization,
  makeRunWithSteps,
  makeUser,
  makeWorkflowConfig,
  makeWorkflowWithNodes,
  type NewStep,
  type Organization,
} from "../helpers/factories";

const VIEWS = [
  "v_active_workflow_configs",
  "v_failed_steps_analysis",
  "v_node_execution_stats",
  "v_workflow_channel_performance",
  "v_workflow_execution_summary",
  "v_workflow_execution_timeline",
  "workflow_steps",
  "workflow_trace",
] as const;

const T0 = Date.parse("2024-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
/** Whole milliseconds since the epoch of a timestamptz (JS Dates hold no microseconds), as a number on both drivers. */
const epochMs = (column: string) => sql.raw(`floor(extract(epoch from ${column}) * 1000)::float8`);

type Dataset = Awaited<ReturnType<typeof seedA>>;

const lease = { leaseOwner: "worker-1", leaseExpiresAt: at(60_000) };
const UUID_IN_ERROR = "1B4E28BA-2FA1-11D2-883F-0016D3CCA427";

async function seedA(db: Database, org: Organization) {
  const orgId = org.id;
  return withTenant(db, orgId, async (tx) => {
    const user = await makeUser(tx, { orgId, role: "manager" });
    const { workflow, nodes } = await makeWorkflowWithNodes(tx, { orgId, name: "Screening Pipeline" }, [
      { stepName: "Compare", stepType: "hr_comparison" },
      { stepName: "Approve", stepType: "approval" },
    ]);
    const [n1, n2] = [nodes[0]!, nodes[1]!];
    const other = await makeWorkflowWithNodes(tx, { orgId, name: "Other Pipeline" }, []);
    const onN1 = (s: Partial<NewStep>): Partial<NewStep> => ({
      nodeId: n1.id,
      stepName: "Compare",
      stepType: "hr_comparison",
      ...s,
    });
    const onN2 = (s: Partial<NewStep>): Partial<NewStep> => ({
      nodeId: n2.id,
      stepName: "Approve",
      stepType: "approval",
      ...s,
    });
    let minute = 0;
    const run = (
      status: "completed" | "failed" | "cancelled" | "active" | "timeout",
      durationMs: number | null,
      extra: object,
      steps: Partial<NewStep>[],
    ) => {
      minute += 1;
      return makeRunWithSteps(
        tx,
        {
          orgId,
          workflowId: workflow.id,
          channel: "web",
          status,
          durationMs,
          startedBy: user.id,
          startedAt: at(0),
          completedAt: durationMs === null ? null : at(durationMs),
          createdAt: at(minute * 60_000),
          ...extra,
        },
        steps,
      );
    };

    const r1 = await run("completed", 100, {}, [
      onN1({
        status: "completed",
        durationMs: 100,
        events: [
          { type: "started", timestamp: "2024-05-01T10:00:00.000Z" },
          // 10:00:00.050Z written with an offset: sorts last as text, second as a timestamp
          { type: "progress", timestamp: "2024-05-01T12:00:00.050+02:00", data: { processed: 1, total: 2 } },
          { type: "completed", timestamp: "2024-05-01T10:00:00.100Z" },
        ],
      }),
      onN2({
        status: "completed",
        durationMs: 50,
        events: [
          { type: "completed", timestamp: "2024-05-01T10:00:00.150Z" },
          { type: "started", timestamp: "2024-05-01T10:00:00.100Z", data: { approver: "ana" } },
        ],
      }),
    ]);
    const r2 = await run("completed", 200, {}, [
      onN1({ status: "completed", durationMs: 300, retryCount: 1 }),
      onN2({ status: "completed", durationMs: 70 }),
    ]);
    const r3 = await run("completed", 300, {}, [
      onN1({
        status: "failed",
        durationMs: 500,
        retryCount: 2,
        errorMessage: "Resume 123 failed: score 45 below 50",
        completedAt: at(1_000),
      }),
      onN2({ status: "skipped" }),
    ]);
    const r4 = await run(
      "failed",
      400,
      { externalId: "ext-4", context: { correlation_id: "r4" }, errorMessage: "Step 2 failed" },
      [
        onN1({ status: "timeout", durationMs: 700, retryCount: 1 }),
        onN2({
          status: "failed",
          retryCount: 3,
          errorMessage: `Timeout after 3000 ms for resume ${UUID_IN_ERROR} (attempt 2)`,
          completedAt: at(2_000),
        }),
        { stepName: "Notify", stepType: "external", status: "pending" },
      ],
    );
    const r5 = await run("cancelled", 500, {}, []);
    const r6 = await run("active", null, {}, [onN1({ status: "running", ...lease })]);
    // efax: ten runs of 10..100 ms, the last one timed out
    const efax = [];
    for (let i = 1; i <= 10; i++) {
      efax.push(await run(i === 10 ? "timeout" : "completed", i * 10, { channel: "efax" }, []));
    }
    const r7 = await makeRunWithSteps(
      tx,
      { orgId, workflowId: other.workflow.id, status: "failed", durationMs: 50 },
      [
        {
          stepName: "Call",
          stepType: "webhook_call",
          status: "failed",
          errorMessage: "Resume 9876 failed: score 12 below 50",
          completedAt: at(3_000),
        },
      ],
    );

    const configs = {
      v1: await makeWorkflowConfig(tx, { orgId, scope: "workflow", workflowId: workflow.id, version: 1 }),
      v2: await makeWorkflowConfig(tx, {
        orgId,
        scope: "workflow",
        workflowId: workflow.id,
        version: 2,
        isActive: true,
        config: { threshold: 70 },
        activatedBy: user.id,
        activatedAt: at(5_000),
      }),
      v3: await makeWorkflowConfig(tx, { orgId, scope: "workflow", workflowId: workflow.id, version: 3 }),
      global: await makeWorkflowConfig(tx, {
        orgId,
        scope: "global",
        version: 1,
        isActive: true,
        config: { a: 1 },
      }),
      voice1: await makeWorkflowConfig(tx, { orgId, scope: "channel", channel: "voice", version: 1 }),
      voice2: await makeWorkflowConfig(tx, {
        orgId,
        scope: "channel",
        channel: "voice",
        version: 2,
        isActive: true,
      }),
    };
    return { org, user, workflow, n1, n2, other, r1, r2, r3, r4, r5, r6, r7, efax, configs };
  });
}

/** Org B: a little of everything, so every view has rows for both organizations. */
async function seedB(db: Database, org: Organization) {
  const orgId = org.id;
  return withTenant(db, orgId, async (tx) => {
    const { workflow, nodes } = await makeWorkflowWithNodes(tx, { orgId, name: "Screening Pipeline" }, [{}]);
    await makeWorkflowConfig(tx, { orgId, scope: "global", version: 1, isActive: true });
    await makeRunWithSteps(tx, { orgId, workflowId: workflow.id, status: "failed", durationMs: 10 }, [
      {
        nodeId: nodes[0]!.id,
        status: "failed",
        errorMessage: "Resume 123 failed: score 45 below 50",
        events: [{ type: "started", timestamp: "2024-05-01T10:00:00.000Z" }],
      },
    ]);
    return { workflow };
  });
}

describeDrivers("views", (ctx) => {
  let A: Dataset;
  let orgB: Organization;
  const inA = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx().db, A.org.id, fn);
  const viewRows = <T extends Record<string, unknown>>(statement: SQL) =>
    inA((tx) => query<T>(tx, statement));

  beforeAll(async () => {
    const { db } = ctx();
    const orgA = await makeOrganization(db, { name: "Acme Recruiting" });
    orgB = await makeOrganization(db, { name: "Beta Staffing" });
    A = await seedA(db, orgA);
    await seedB(db, orgB);
  });

  it("the tested views are exactly the views of the database, all security_invoker", async () => {
    const found = await query<{ relname: string; options: string | null }>(
      ctx().db,
      sql`select c.relname, array_to_string(c.reloptions, ',') as options
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('v', 'm') order by c.relname`,
    );
    expect(found.map((r) => r.relname)).toEqual([...VIEWS]);
    for (const view of found) expect(view.options, view.relname).toBe("security_invoker=true");
  });

  it("v_workflow_execution_summary counts steps, failures, retries and average duration per run", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select run_id, public_id, workflow_name, workflow_version, channel, status, external_id, started_by,
                 ${epochMs("start_time")} as start_ms, ${epochMs("end_time")} as end_ms, duration_ms,
                 total_steps::int, completed_steps::int, failed_steps::int, total_retries, avg_step_duration_ms
          from v_workflow_execution_summary where workflow_id = ${A.workflow.id} and channel = 'web'
          order by created_at`,
    );
    const row = (r: typeof A.r1, counts: [number, number, number, number, number | null]) => ({
      run_id: r.run.id,
      public_id: r.run.publicId,
      workflow_name: "Screening Pipeline",
      workflow_version: null,
      channel: "web",
      status: r.run.status,
      external_id: r.run.externalId,
      started_by: A.user.id,
      start_ms: T0,
      end_ms: r.run.durationMs === null ? null : T0 + r.run.durationMs,
      duration_ms: r.run.durationMs,
      total_steps: counts[0],
      completed_steps: counts[1],
      failed_steps: counts[2],
      total_retries: counts[3],
      avg_step_duration_ms: counts[4],
    });
    expect(found).toEqual([
      row(A.r1, [2, 2, 0, 0, 75]),
      row(A.r2, [2, 2, 0, 1, 185]),
      row(A.r3, [2, 0, 1, 2, 500]),
      row(A.r4, [3, 0, 2, 4, 700]),
      row(A.r5, [0, 0, 0, 0, null]),
      row(A.r6, [1, 0, 0, 0, null]),
    ]);
  });

  it("v_workflow_channel_performance: volume, success rate and duration percentiles per channel", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select channel, workflow_name, total_executions::int, successful_executions::int,
                 failed_executions::int, cancelled_executions::int, timed_out_executions::int,
                 success_rate::text, avg_duration_ms, p50_duration_ms, p95_duration_ms,
                 min_duration_ms, max_duration_ms, ${epochMs("last_execution_at")} as last_ms
          from v_workflow_channel_performance where workflow_id = ${A.workflow.id} order by channel`,
    );
    expect(found).toHaveLength(2);
    const [efax, web] = found as [Record<string, unknown>, Record<string, unknown>];
    expect(web).toMatchObject({
      channel: "web",
      workflow_name: "Screening Pipeline",
      total_executions: 6,
      successful_executions: 3,
      failed_executions: 1,
      cancelled_executions: 1,
      timed_out_executions: 0,
      success_rate: "60.00", // 3 of the 5 finished runs; the active one does not count
      avg_duration_ms: 300,
      min_duration_ms: 100,
      max_duration_ms: 500,
      last_ms: A.r6.run.createdAt.getTime(),
    });
    expect(web.p50_duration_ms).toBe(300);
    expect(web.p95_duration_ms as number).toBeCloseTo(480, 6); // 400 + 0.8 * (500 - 400)
    expect(efax).toMatchObject({
      channel: "efax",
      total_executions: 10,
      successful_executions: 9,
      failed_executions: 0,
      cancelled_executions: 0,
      timed_out_executions: 1,
      success_rate: "90.00",
      avg_duration_ms: 55,
      min_duration_ms: 10,
      max_duration_ms: 100,
      last_ms: A.efax[9]!.run.createdAt.getTime(),
    });
    expect(efax.p50_duration_ms).toBe(55);
    expect(efax.p95_duration_ms as number).toBeCloseTo(95.5, 6); // 90 + 0.55 * (100 - 90)

    const other = await viewRows<{ total: number; rate: string | null }>(
      sql`select total_executions::int as total, success_rate::text as rate
          from v_workflow_channel_performance where workflow_id = ${A.other.workflow.id}`,
    );
    expect(other).toEqual([{ total: 1, rate: "0.00" }]);
  });

  it("v_node_execution_stats: per-node counts, failure rate, percentiles and retries", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select node_id, step_type, step_name, execution_count::int, completed_count::int, failed_count::int,
                 timeout_count::int, failure_rate::text, avg_duration_ms, p50_duration_ms, p95_duration_ms,
                 max_duration_ms, total_retries, avg_retries::text
          from v_node_execution_stats where workflow_id = ${A.workflow.id} order by step_name`,
    );
    expect(found.map((r) => r.step_name)).toEqual(["Approve", "Compare", "Notify"]);
    const [approve, compare, notify] = found as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(compare).toMatchObject({
      node_id: A.n1.id,
      step_type: "hr_comparison",
      execution_count: 5,
      completed_count: 2,
      failed_count: 1,
      timeout_count: 1,
      failure_rate: "50.00",
      avg_duration_ms: 400,
      p50_duration_ms: 400,
      max_duration_ms: 700,
      total_retries: 4,
      avg_retries: "0.80",
    });
    expect(compare.p95_duration_ms as number).toBeCloseTo(670, 6); // 500 + 0.85 * (700 - 500)
    expect(approve).toMatchObject({
      node_id: A.n2.id,
      step_type: "approval",
      execution_count: 4,
      completed_count: 2,
      failed_count: 1,
      timeout_count: 0,
      failure_rate: "33.33",
      avg_duration_ms: 60,
      p50_duration_ms: 60,
      max_duration_ms: 70,
      total_retries: 3,
      avg_retries: "0.75",
    });
    expect(approve.p95_duration_ms as number).toBeCloseTo(69, 6); // 50 + 0.95 * (70 - 50)
    expect(notify).toEqual({
      node_id: null,
      step_type: "external",
      step_name: "Notify",
      execution_count: 1,
      completed_count: 0,
      failed_count: 0,
      timeout_count: 0,
      failure_rate: null,
      avg_duration_ms: null,
      p50_duration_ms: null,
      p95_duration_ms: null,
      max_duration_ms: null,
      total_retries: 0,
      avg_retries: "0.00",
    });
  });

  it("v_workflow_execution_timeline unnests step events in time order", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select step_id, public_id, step_number, step_name, event_index::int, event_type,
                 ${epochMs("event_timestamp")} as ts, event_data
          from v_workflow_execution_timeline where run_id = ${A.r1.run.id}
          order by event_timestamp, step_number, event_index`,
    );
    const [s1, s2] = [A.r1.steps[0]!, A.r1.steps[1]!];
    const event = (step: typeof s1, index: number, type: string, ms: number, data: unknown = null) => ({
      step_id: step.id,
      public_id: A.r1.run.publicId,
      step_number: step.stepNumber,
      step_name: step.stepName,
      event_index: index,
      event_type: type,
      ts: T0 + ms,
      event_data: data,
    });
    expect(found).toEqual([
      event(s1, 1, "started", 0),
      event(s1, 2, "progress", 50, { processed: 1, total: 2 }),
      event(s1, 3, "completed", 100),
      event(s2, 2, "started", 100, { approver: "ana" }),
      event(s2, 1, "completed", 150),
    ]);
    const all = await viewRows<{ n: number }>(
      sql`select count(*)::int as n from v_workflow_execution_timeline`,
    );
    expect(all).toEqual([{ n: 5 }]);
  });

  it("v_failed_steps_analysis lists failed and timed-out steps with numbers and ids folded", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select step_id, public_id, workflow_name, channel, step_name, status, error_message, normalized_error,
                 retry_count, ${epochMs("failed_at")} as failed_ms
          from v_failed_steps_analysis where workflow_id = ${A.workflow.id}
          order by public_id = ${A.r4.run.publicId}, step_number`, // r3's first: ids are not in creation order
    );
    const [r3s1, r4s1, r4s2] = [A.r3.steps[0]!, A.r4.steps[0]!, A.r4.steps[1]!];
    expect(found).toEqual([
      {
        step_id: r3s1.id,
        public_id: A.r3.run.publicId,
        workflow_name: "Screening Pipeline",
        channel: "web",
        step_name: "Compare",
        status: "failed",
        error_message: "Resume 123 failed: score 45 below 50",
        normalized_error: "Resume <n> failed: score <n> below <n>",
        retry_count: 2,
        failed_ms: T0 + 1_000,
      },
      {
        step_id: r4s1.id,
        public_id: A.r4.run.publicId,
        workflow_name: "Screening Pipeline",
        channel: "web",
        step_name: "Compare",
        status: "timeout",
        error_message: null,
        normalized_error: "(no message)",
        retry_count: 1,
        failed_ms: r4s1.updatedAt.getTime(), // no completed_at: falls back to updated_at
      },
      {
        step_id: r4s2.id,
        public_id: A.r4.run.publicId,
        workflow_name: "Screening Pipeline",
        channel: "web",
        step_name: "Approve",
        status: "failed",
        error_message: `Timeout after 3000 ms for resume ${UUID_IN_ERROR} (attempt 2)`,
        normalized_error: "Timeout after <n> ms for resume <id> (attempt <n>)",
        retry_count: 3,
        failed_ms: T0 + 2_000,
      },
    ]);
    const groups = await viewRows<{ normalized_error: string; n: number }>(
      sql`select normalized_error, count(*)::int as n from v_failed_steps_analysis
          group by normalized_error order by normalized_error`,
    );
    expect(groups).toEqual([
      { normalized_error: "(no message)", n: 1 },
      { normalized_error: "Resume <n> failed: score <n> below <n>", n: 2 },
      { normalized_error: "Timeout after <n> ms for resume <id> (attempt <n>)", n: 1 },
    ]);
  });

  it("v_active_workflow_configs shows only the active version of each scope, with names", async () => {
    const found = await viewRows<Record<string, unknown>>(
      sql`select config_id, org_name, scope, workflow_id, workflow_name, channel, version, config, activated_by,
                 ${epochMs("activated_at")} as activated_ms
          from v_active_workflow_configs order by scope`,
    );
    const { configs } = A;
    expect(found).toEqual([
      {
        config_id: configs.voice2.id,
        org_name: "Acme Recruiting",
        scope: "channel",
        workflow_id: null,
        workflow_name: null,
        channel: "voice",
        version: 2,
        config: { retries: 3 },
        activated_by: null,
        activated_ms: null,
      },
      {
        config_id: configs.global.id,
        org_name: "Acme Recruiting",
        scope: "global",
        workflow_id: null,
        workflow_name: null,
        channel: null,
        version: 1,
        config: { a: 1 },
        activated_by: null,
        activated_ms: null,
      },
      {
        config_id: configs.v2.id,
        org_name: "Acme Recruiting",
        scope: "workflow",
        workflow_id: A.workflow.id,
        workflow_name: "Screening Pipeline",
        channel: null,
        version: 2,
        config: { threshold: 70 },
        activated_by: A.user.id,
        activated_ms: T0 + 5_000,
      },
    ]);
  });

  it("workflow_trace and workflow_steps expose runs and steps under the seed-004 names", async () => {
    const { r4 } = A;
    const trace = await viewRows<Record<string, unknown>>(
      sql`select trace_id, public_id, workflow_id, org_id, channel, external_id, status,
                 ${epochMs("start_time")} as start_ms, ${epochMs("end_time")} as end_ms, duration_ms, context,
                 error_message, created_by
          from workflow_trace where trace_id = ${r4.run.id}`,
    );
    expect(trace).toEqual([
      {
        trace_id: r4.run.id,
        public_id: r4.run.publicId,
        workflow_id: A.workflow.id,
        org_id: A.org.id,
        channel: "web",
        external_id: "ext-4",
        status: "failed",
        start_ms: T0,
        end_ms: T0 + 400,
        duration_ms: 400,
        context: { correlation_id: "r4" },
        error_message: "Step 2 failed",
        created_by: A.user.id,
      },
    ]);
    const traces = await viewRows<{ n: number }>(sql`select count(*)::int as n from workflow_trace`);
    expect(traces).toEqual([{ n: 17 }]);

    const steps = await viewRows<Record<string, unknown>>(
      sql`select step_id, trace_id, node_id, step_number, step_name, step_type, status, retry_count, duration_ms,
                 error_message
          from workflow_steps where trace_id = ${r4.run.id} order by step_number`,
    );
    expect(steps).toEqual(
      r4.steps.map((s) => ({
        step_id: s.id,
        trace_id: r4.run.id,
        node_id: s.nodeId,
        step_number: s.stepNumber,
        step_name: s.stepName,
        step_type: s.stepType,
        status: s.status,
        retry_count: s.retryCount,
        duration_ms: s.durationMs,
        error_message: s.errorMessage,
      })),
    );
    expect(steps.map((s) => s.status)).toEqual(["timeout", "failed", "pending"]);
  });

  it.each(VIEWS)("%s shows each organization only its own rows", async (view) => {
    const { db } = ctx();
    const byOrg = (tx: Tx | Database) =>
      query<{ org_id: string; n: number }>(
        tx,
        sql`select org_id, count(*)::int as n from ${sql.identifier(view)} group by org_id order by org_id`,
      );
    // the owner (superuser, no RLS) sees both organizations
    const everything = await byOrg(db);
    const ownerCount = (org: string) => everything.find((r) => r.org_id === org)?.n ?? 0;
    expect(ownerCount(A.org.id)).toBeGreaterThan(0);
    expect(ownerCount(orgB.id)).toBeGreaterThan(0);

    expect(await withTenant(db, orgB.id, byOrg)).toEqual([{ org_id: orgB.id, n: ownerCount(orgB.id) }]);
    expect(await withTenant(db, A.org.id, byOrg)).toEqual([{ org_id: A.org.id, n: ownerCount(A.org.id) }]);
    const leaked = await withTenant(db, orgB.id, (tx) =>
      query<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${sql.identifier(view)} where org_id = ${A.org.id}`,
      ),
    );
    expect(leaked).toEqual([{ n: 0 }]);
  });
});
