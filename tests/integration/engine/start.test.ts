import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { auditLogs, workflowRunSteps, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { EngineError, startRun } from "@/lib/engine/runs";
import { describeDrivers, query } from "../../helpers/db";
import { makeWorkflow as makeWorkflowRow } from "../../helpers/factories";
import {
  activateGlobalConfig,
  eventTypes,
  getRun,
  makeTenant,
  makeUsers,
  makeWorkflow,
  quiesce,
  start,
  stepsOf,
  type Tenant,
} from "../../helpers/engine";

describeDrivers("engine: starting a run", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  it("writes the run, one step per node with its configuration copied, the config snapshot and the audit entry", async () => {
    const { db } = ctx();
    const [approverA, approverB] = await makeUsers(db, t.orgId, 2);
    const config = await activateGlobalConfig(db, t.orgId, { run_timeout_seconds: 600, tone: "formal" });
    const wf = await makeWorkflow(
      db,
      t.orgId,
      [
        {
          stepType: "todo",
          stepName: "Screen",
          maxRetries: 4,
          timeoutSeconds: 30,
          config: { title: "Screen the batch" },
          ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer", required: true }] },
        },
        {
          stepType: "approval",
          stepName: "Sign-off",
          requiredHumanApproval: true,
          numberOfApprovalsNeeded: 2,
          approvers: [approverA!.id, approverB!.id],
          ioSchema: { inputs: [{ name: "score", type: "integer", required: true }], outputs: [] },
        },
        { stepType: "delay", stepName: "Cool-off", delayInSeconds: 3600, autoStart: false },
      ],
      [{ source: "n1", sourceKey: "score", target: "n2", targetKey: "score" }],
    );

    const run = await start(db, t.actor, wf.workflowId, { inputs: { job: "Engineer" }, title: "Batch 7" });

    expect(run.publicId).toMatch(/^WF-[0-9A-HJKMNP-TV-Z]{12}$/);
    const stored = await getRun(db, run.id);
    expect(stored).toMatchObject({
      orgId: t.orgId,
      workflowId: wf.workflowId,
      workflowVersion: 1,
      status: "pending",
      startedBy: t.admin.id,
      title: "Batch 7",
      inputs: { job: "Engineer" },
      progress: { completed_steps: 0, total_steps: 3, percentage: 0 },
    });
    // the configured run timeout became the deadline, counted from the run's own creation
    expect(stored.deadlineAt!.getTime() - stored.createdAt.getTime()).toBe(600_000);
    expect(stored.configSnapshot).toMatchObject({
      workflow: { id: wf.workflowId, version: 1 },
      configs: {
        global: { id: config.id, version: 1, config: { run_timeout_seconds: 600, tone: "formal" } },
      },
      bindings: [
        {
          sourceNodeId: wf.nodeIds[0],
          sourceKey: "score",
          targetNodeId: wf.nodeIds[1],
          targetKey: "score",
          sourceStepNumber: 1,
          targetStepNumber: 2,
        },
      ],
    });

    const steps = await stepsOf(db, run.id);
    expect(steps.map((s) => [s.stepNumber, s.orderNumber, s.nodeId])).toEqual([
      [1, 1, wf.nodeIds[0]],
      [2, 2, wf.nodeIds[1]],
      [3, 3, wf.nodeIds[2]],
    ]);
    for (const [i, step] of steps.entries()) {
      const def = wf.definition.nodes[i]!;
      expect(step).toMatchObject({
        orgId: t.orgId,
        stepName: def.stepName,
        stepType: def.stepType,
        stepDescription: def.stepDescription,
        autoStart: def.autoStart,
        requiredHumanApproval: def.requiredHumanApproval,
        approvers: def.approvers,
        delayInSeconds: def.delayInSeconds,
        maxRetries: def.maxRetries,
        timeoutSeconds: def.timeoutSeconds,
        nodeConfig: def.config,
        ioSchema: def.ioSchema,
        attempt: 0,
        retryCount: 0,
      });
    }
    expect(steps[1]!.numberOfApprovalsNeeded).toBe(2);
    // only the first node is released; the others wait their turn
    expect(steps.map((s) => s.status)).toEqual(["queued", "pending", "pending"]);
    expect(steps[0]!.runAt).not.toBeNull();
    expect(eventTypes(steps[0]!)).toEqual(["step.created", "step.release"]);
    expect(eventTypes(steps[1]!)).toEqual(["step.created"]);

    const audits = await db
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.orgId, t.orgId),
          eq(auditLogs.action, "run.start"),
          eq(auditLogs.resourceId, run.publicId),
        ),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      userId: t.admin.id,
      resourceType: "workflow_run",
      success: true,
      details: { workflow_id: wf.workflowId, steps: 3, channel: "web" },
    });
  });

  it("runs its statements prepared on PostgreSQL, and a second start on the connection prepares nothing new", async () => {
    const { db, driver } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    // a first step waiting for approval is released by an UPDATE after the insert
    const gated = await makeWorkflow(db, t.orgId, [{ requiredHumanApproval: true }, {}]);
    // the starts and the catalog read in one transaction: one connection, whose prepared statements these are
    const [first, second] = await withTenant(db, t.orgId, async (tx) => {
      const prepared = async () =>
        (await query<{ statement: string }>(tx, sql`select statement from pg_prepared_statements`)).map(
          (r) => r.statement,
        );
      await startRun(tx, t.actor, { workflowId: wf.workflowId, channel: "web" });
      await startRun(tx, t.actor, { workflowId: gated.workflowId, channel: "web" });
      const afterOne = await prepared();
      await startRun(tx, t.actor, { workflowId: wf.workflowId, channel: "web" });
      await startRun(tx, t.actor, { workflowId: gated.workflowId, channel: "web" });
      return [afterOne, await prepared()];
    });
    if (driver === "pglite") return; // PGlite runs drizzle's statements through its own protocol path
    for (const text of [
      'from "workflows"',
      'from "workflow_nodes"',
      'from "workflow_configs"',
      'insert into "workflow_runs"',
      "insert into workflow_run_steps (",
      'insert into "audit_logs"',
      'update "workflow_run_steps"',
    ])
      expect(
        first.some((statement) => statement.includes(text)),
        text,
      ).toBe(true);
    expect(second.length).toBe(first.length);
  });

  it("inserts a first step the machine queues already released: no UPDATE of a step or the run", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const { run, updates } = await withTenant(db, t.orgId, async (tx) => {
      // the backend's row counts not yet reported, read before and after the start within one
      // transaction (nothing is reported while it is open): an UPDATE of either table would show
      const counts = () =>
        query<{ relname: string; n_tup_upd: number; n_tup_ins: number }>(
          tx,
          sql`select relname, n_tup_upd::int, n_tup_ins::int from pg_stat_xact_user_tables
              where relname in ('workflow_runs', 'workflow_run_steps') order by relname`,
        );
      const before = await counts();
      const run = await startRun(tx, t.actor, { workflowId: wf.workflowId, channel: "web" });
      const after = await counts();
      const updates = after.map((a) => {
        const b = before.find((x) => x.relname === a.relname);
        return {
          relname: a.relname,
          n_tup_upd: a.n_tup_upd - (b?.n_tup_upd ?? 0),
          n_tup_ins: a.n_tup_ins - (b?.n_tup_ins ?? 0),
        };
      });
      return { run, updates };
    });
    expect(updates).toEqual([
      { relname: "workflow_run_steps", n_tup_upd: 0, n_tup_ins: 2 },
      { relname: "workflow_runs", n_tup_upd: 0, n_tup_ins: 1 },
    ]);
    expect(run).toMatchObject({
      status: "pending",
      progress: { completed_steps: 0, total_steps: 2, percentage: 0 },
    });
    const steps = await db
      .select()
      .from(workflowRunSteps)
      .where(eq(workflowRunSteps.runId, run.id))
      .orderBy(workflowRunSteps.stepNumber);
    expect(steps.map((s) => s.status)).toEqual(["queued", "pending"]);
    expect(steps[0]!.runAt).toBeInstanceOf(Date);
    expect(steps[1]!.runAt).toBeNull();
    // the timeline a release after the insert would write: created, then released to the queue
    expect(steps[0]!.events.map((e) => e.type)).toEqual(["step.created", "step.release"]);
    expect(steps[0]!.events[1]).toMatchObject({ data: { from: "pending", to: "queued" } });
    expect(new Date(steps[0]!.events[1]!.timestamp).getTime()).toBe(steps[0]!.runAt!.getTime());
    expect(steps[1]!.events.map((e) => e.type)).toEqual(["step.created"]);
  });

  it("a failure later in the starting transaction leaves no run, step or audit entry behind", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}, {}]);
    const boom = new Error("caller failed after startRun");
    let publicId = "";
    await expect(
      withTenant(db, t.orgId, async (tx) => {
        const run = await startRun(tx, t.actor, { workflowId: wf.workflowId, channel: "web" });
        publicId = run.publicId;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(publicId).toMatch(/^WF-/);
    expect(await db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, wf.workflowId))).toEqual(
      [],
    );
    expect(
      await db.select().from(workflowRunSteps).where(eq(workflowRunSteps.nodeId, wf.nodeIds[0]!)),
    ).toEqual([]);
    expect(await db.select().from(auditLogs).where(eq(auditLogs.resourceId, publicId))).toEqual([]);
  });

  it("refuses a workflow without nodes and another organization's workflow, writing nothing", async () => {
    const { db } = ctx();
    const empty = await withTenant(db, t.orgId, (tx) => makeWorkflowRow(tx, { orgId: t.orgId }));
    const refused = await start(db, t.actor, empty.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe("unprocessable");
    expect(await db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, empty.id))).toEqual([]);
    const other = await makeTenant(db);
    const foreign = await makeWorkflow(db, other.orgId, [{}]);
    const error = await start(db, t.actor, foreign.workflowId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe("not_found");
    expect(
      await db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, foreign.workflowId)),
    ).toEqual([]);
  });

  it("returns a unique WF-… id to each of many concurrent starts", async () => {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}]);
    const runs = await Promise.all(Array.from({ length: 40 }, () => start(db, t.actor, wf.workflowId)));
    const ids = runs.map((r) => r.publicId);
    for (const id of ids) expect(id).toMatch(/^WF-[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(new Set(ids).size).toBe(40);
    const [stored] = await query<{ n: number; distinct: number }>(
      db,
      sql`select count(*)::int as n, count(distinct public_id)::int as distinct
          from workflow_runs where workflow_id = ${wf.workflowId}`,
    );
    expect(stored).toEqual({ n: 40, distinct: 40 });
    // every start wrote its own steps and audit entry
    const [steps] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from workflow_run_steps s join workflow_runs r on r.id = s.run_id
          where r.workflow_id = ${wf.workflowId}`,
    );
    expect(steps!.n).toBe(40);
    const [audits] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_logs where action = 'run.start'
          and details->>'workflow_id' = ${wf.workflowId}`,
    );
    expect(audits!.n).toBe(40);
  });
});
