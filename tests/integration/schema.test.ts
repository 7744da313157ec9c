import { randomUUID } from "node:crypto";
import { eq, getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { type PgColumn, PgTable } from "drizzle-orm/pg-core";
import { beforeAll, expect, it } from "vitest";
import type { Queryable, Tx } from "@/db/client";
import * as schema from "@/db/schema";
import {
  channels,
  interviews,
  matchBands,
  runStatuses,
  stepStatuses,
  todos,
  userRoles,
  workflowRuns,
  workflows,
} from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { describeDrivers, expectPgError, query } from "../helpers/db";
import {
  insertOrganization,
  makeInterview,
  makeJobDescription,
  makeOrganization,
  makeRun,
  makeStep,
  makeTodo,
  makeWorkflow,
  makeWorkflowConfig,
  makeWorld,
  rowMakers,
  tenantTables,
  type World,
} from "../helpers/factories";

const schemaTables = new Map<string, PgTable>();
for (const value of Object.values(schema) as unknown[]) {
  if (is(value, PgTable)) schemaTables.set(getTableName(value), value);
}

function idColumn(table: PgTable): PgColumn {
  const column = getTableColumns(table).id;
  if (!column) throw new Error(`${getTableName(table)} has no id column`);
  return column;
}

async function readById(tx: Queryable, name: string, id: string) {
  const table = schemaTables.get(name);
  if (!table) throw new Error(`no drizzle table ${name}`);
  return tx
    .select()
    .from(table)
    .where(eq(idColumn(table), id));
}

class Rollback extends Error {}

describeDrivers("schema", (ctx) => {
  let A: World;
  const inA = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx().db, A.org.id, fn);
  /** Runs fn inside withTenant(A) and rolls everything back. */
  const rolledBackInA = async (fn: (tx: Tx) => Promise<void>) => {
    await expect(
      inA(async (tx) => {
        await fn(tx);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  };

  beforeAll(async () => {
    A = await makeWorld(ctx().db);
  });

  it("the tested tables are exactly the tables of the database and of the drizzle schema", async () => {
    const found = await query<{ table_name: string }>(
      ctx().db,
      sql`select table_name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'
            -- bookkeeping, and the public id key that no application role may read (tests/integration/ids)
            and table_name not in ('runledger_migrations', 'public_id_keys')
          order by table_name`,
    );
    expect(found.map((r) => r.table_name)).toEqual(tenantTables);
    expect([...schemaTables.keys()].sort()).toEqual(tenantTables);
  });

  it.each(tenantTables)("writes and reads back %s through withTenant", async (table) => {
    const { db } = ctx();
    if (table === "organizations") {
      const id = randomUUID();
      const written = await withTenant(db, id, (tx) =>
        insertOrganization(tx, { id, name: "Round Trip Org" }),
      );
      const read = await withTenant(db, id, (tx) => readById(tx, table, id));
      expect(read).toEqual([written]);
      expect(written.name).toBe("Round Trip Org");
      expect(written.retentionDays).toBeNull();
      return;
    }
    const written = await inA((tx) => rowMakers[table](tx, A));
    const read = await inA((tx) => readById(tx, table, written.id));
    expect(read).toEqual([written]);
    expect(written.orgId).toBe(A.org.id);
  });

  it("keeps jsonb, bytea and numeric values intact", async () => {
    const read = await inA(async (tx) => ({
      resume: await readById(tx, "resumes", A.resumes[0].id),
      match: await readById(tx, "match_results", A.matchResult.id),
    }));
    const resume = read.resume[0] as (typeof A.resumes)[0];
    expect(Buffer.from(resume.fileData!).toString()).toBe(resume.extractedText);
    const match = read.match[0] as typeof A.matchResult;
    expect(match.score).toBe(82.5);
    expect(match.matchedSkills).toEqual(["typescript"]);
  });

  it("CHECK constraints accept the whole vocabulary and nothing else", async () => {
    const run = A.runs[1];
    const step = A.steps[0]!;
    await rolledBackInA(async (tx) => {
      for (const status of runStatuses)
        await tx.execute(sql`update workflow_runs set status = ${status} where id = ${run.id}`);
      for (const channel of channels)
        await tx.execute(sql`update workflow_runs set channel = ${channel} where id = ${run.id}`);
      for (const status of stepStatuses)
        await tx.execute(sql`update workflow_run_steps set status = ${status}, lease_owner = 'w1',
          lease_expires_at = now() + interval '1 minute' where id = ${step.id}`);
      for (const band of matchBands)
        await tx.execute(sql`update match_results set band = ${band} where id = ${A.matchResult.id}`);
      for (const role of userRoles)
        await tx.execute(sql`update users set role = ${role} where id = ${A.users[1].id}`);
    });

    const bad: [string, ReturnType<typeof sql>, string][] = [
      [
        "run status",
        sql`update workflow_runs set status = 'done' where id = ${run.id}`,
        "workflow_runs_status_check",
      ],
      [
        "run status case",
        sql`update workflow_runs set status = 'COMPLETED' where id = ${run.id}`,
        "workflow_runs_status_check",
      ],
      [
        "step status",
        sql`update workflow_run_steps set status = 'paused' where id = ${step.id}`,
        "workflow_run_steps_status_check",
      ],
      [
        "step status empty",
        sql`update workflow_run_steps set status = '' where id = ${step.id}`,
        "workflow_run_steps_status_check",
      ],
      [
        "band",
        sql`update match_results set band = 'great' where id = ${A.matchResult.id}`,
        "match_results_band_check",
      ],
      ["role", sql`update users set role = 'owner' where id = ${A.users[1].id}`, "users_role_check"],
      [
        "run channel",
        sql`update workflow_runs set channel = 'sms' where id = ${run.id}`,
        "workflow_runs_channel_check",
      ],
      [
        "channel config",
        sql`update channel_configs set channel = 'fax' where id = ${A.channelConfig.id}`,
        "channel_configs_channel_check",
      ],
      [
        "workflow channel config",
        sql`update workflow_channel_configs set channel = 'sms' where id = ${A.workflowChannelConfig.id}`,
        "workflow_channel_configs_channel_check",
      ],
      [
        "config channel",
        sql`insert into workflow_configs (org_id, scope, channel, version) values (${A.org.id}, 'channel', 'sms', 1)`,
        "workflow_configs_channel_check",
      ],
      [
        "running without a lease",
        sql`update workflow_run_steps set status = 'running', lease_owner = null where id = ${step.id}`,
        "workflow_run_steps_lease_check",
      ],
    ];
    for (const [label, statement, constraint] of bad) {
      const error = await expectPgError(
        inA((tx) => tx.execute(statement)),
        { code: "23514", constraint },
      );
      expect(error.constraint, label).toBe(constraint);
    }
  });

  it("allows one step per (run_id, step_number)", async () => {
    const run = A.runs[0];
    await expectPgError(
      inA((tx) => makeStep(tx, { orgId: A.org.id, runId: run.id, stepNumber: 1 })),
      { code: "23505", constraint: "workflow_run_steps_run_step_key" },
    );
    // the same number in another run is fine
    const other = await inA((tx) => makeStep(tx, { orgId: A.org.id, runId: A.runs[1].id, stepNumber: 1 }));
    expect(other.stepNumber).toBe(1);
  });

  it("allows one active workflow_config per scope but any number of inactive ones", async () => {
    const orgId = A.org.id;
    const workflow = await inA((tx) => makeWorkflow(tx, { orgId }));
    const scope = { orgId, scope: "workflow" as const, workflowId: workflow.id };
    await inA(async (tx) => {
      for (const version of [1, 2, 3, 4])
        await makeWorkflowConfig(tx, { ...scope, version, isActive: false });
      await makeWorkflowConfig(tx, { ...scope, version: 5, isActive: true });
      // other scopes have their own active version
      await makeWorkflowConfig(tx, { orgId, scope: "channel", channel: "voice", version: 1, isActive: true });
      await makeWorkflowConfig(tx, { orgId, scope: "channel", channel: "efax", version: 1, isActive: true });
      await makeWorkflowConfig(tx, { orgId, scope: "global", version: 1, isActive: true });
    });
    await expectPgError(
      inA((tx) => makeWorkflowConfig(tx, { ...scope, version: 6, isActive: true })),
      {
        code: "23505",
        constraint: "workflow_configs_one_active_key",
      },
    );
    await expectPgError(
      inA((tx) => makeWorkflowConfig(tx, { orgId, scope: "global", version: 2, isActive: true })),
      {
        code: "23505",
        constraint: "workflow_configs_one_active_key",
      },
    );
    await expectPgError(
      inA((tx) =>
        makeWorkflowConfig(tx, { orgId, scope: "channel", channel: "voice", version: 2, isActive: true }),
      ),
      { code: "23505", constraint: "workflow_configs_one_active_key" },
    );
    await expectPgError(
      inA((tx) => makeWorkflowConfig(tx, { ...scope, version: 3, isActive: false })),
      {
        code: "23505",
        constraint: "workflow_configs_version_key",
      },
    );
    // another organization has its own active global config
    const other = await makeOrganization(ctx().db);
    const otherConfig = await withTenant(ctx().db, other.id, (tx) =>
      makeWorkflowConfig(tx, { orgId: other.id, scope: "global", version: 1, isActive: true }),
    );
    expect(otherConfig.isActive).toBe(true);
    const counts = await query<{ active: number; total: number }>(
      ctx().db,
      sql`select count(*) filter (where is_active)::int as active, count(*)::int as total
          from workflow_configs where workflow_id = ${workflow.id}`,
    );
    expect(counts).toEqual([{ active: 1, total: 5 }]);
  });

  it("workflow_runs.public_id is WF- plus digits and unique under 50 concurrent inserts", async () => {
    const { db } = ctx();
    const made = await Promise.all(
      Array.from({ length: 50 }, () => withTenant(db, A.org.id, (tx) => makeRun(tx, { orgId: A.org.id }))),
    );
    const ids = made.map((r) => r.publicId);
    for (const id of ids) expect(id).toMatch(/^WF-[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(new Set(ids).size).toBe(50);
    const jd = await inA((tx) => makeJobDescription(tx, { orgId: A.org.id }));
    expect(jd.publicId).toMatch(/^JD-[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it("has GIN indexes on workflow_runs.context and workflow_run_steps.events", async () => {
    const found = await query<{ tablename: string; indexname: string; indexdef: string }>(
      ctx().db,
      sql`select tablename, indexname, indexdef from pg_indexes
          where schemaname = 'public' and indexdef ilike '%using gin%' order by indexname`,
    );
    expect(found.map((r) => [r.tablename, r.indexname])).toEqual([
      ["workflow_run_steps", "workflow_run_steps_events_gin"],
      ["workflow_runs", "workflow_runs_context_gin"],
    ]);
    expect(found[0]!.indexdef).toContain("(events jsonb_path_ops)");
    expect(found[1]!.indexdef).toContain("(context jsonb_path_ops)");
  });

  it("finds a run by context containment and a step by event containment", async () => {
    const { db } = ctx();
    const orgId = A.org.id;
    const target = await inA(async (tx) => {
      const hit = await makeRun(tx, { orgId, context: { correlation_id: "xyz789", source: "voice" } });
      await makeRun(tx, { orgId, context: { correlation_id: "xyz7890" } });
      await makeRun(tx, { orgId, context: { other: { correlation_id: "xyz789" } } });
      await makeStep(tx, {
        orgId,
        runId: hit.id,
        stepNumber: 1,
        events: [{ type: "error", timestamp: "2024-01-01T00:00:00Z", data: { code: "E_TIMEOUT" } }],
      });
      await makeStep(tx, {
        orgId,
        runId: hit.id,
        stepNumber: 2,
        events: [{ type: "started", timestamp: "2024-01-01T00:00:00Z" }],
      });
      return hit;
    });
    const other = await makeOrganization(db);
    await withTenant(db, other.id, (tx) =>
      makeRun(tx, { orgId: other.id, context: { correlation_id: "xyz789" } }),
    );

    const runs = await inA((tx) =>
      query<{ id: string }>(
        tx,
        sql`select id from workflow_runs where context @> '{"correlation_id":"xyz789"}'`,
      ),
    );
    expect(runs).toEqual([{ id: target.id }]);
    const steps = await inA((tx) =>
      query<{ run_id: string; step_number: number }>(
        tx,
        sql`select run_id, step_number from workflow_run_steps where events @> '[{"type":"error"}]'`,
      ),
    );
    expect(steps).toEqual([{ run_id: target.id, step_number: 1 }]);

    // and the planner can answer the containment query from the GIN index
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return query<Record<string, string>>(
        tx,
        sql`explain select id from workflow_runs where context @> '{"correlation_id":"xyz789"}'`,
      );
    });
    expect(plan.map((r) => Object.values(r).join(" ")).join("\n")).toContain("workflow_runs_context_gin");
  });

  it("todos.workflow_id and interviews.workflow_id are ON DELETE SET NULL", async () => {
    const { db } = ctx();
    const orgId = A.org.id;
    const made = await inA(async (tx) => {
      const workflow = await makeWorkflow(tx, { orgId });
      const run = await makeRun(tx, { orgId, workflowId: workflow.id });
      return {
        workflow,
        run,
        todo: await makeTodo(tx, { orgId, workflowId: workflow.id, runId: run.id }),
        interview: await makeInterview(tx, { orgId, workflowId: workflow.id, runId: run.id }),
      };
    });
    // hard delete as the owner (no tenant): the foreign keys decide what happens
    const deleted = await db.delete(workflows).where(eq(workflows.id, made.workflow.id)).returning();
    expect(deleted).toHaveLength(1);

    const [todo] = await db.select().from(todos).where(eq(todos.id, made.todo.id));
    const [interview] = await db.select().from(interviews).where(eq(interviews.id, made.interview.id));
    const [run] = await db.select().from(workflowRuns).where(eq(workflowRuns.id, made.run.id));
    expect(todo).toMatchObject({
      id: made.todo.id,
      workflowId: null,
      runId: made.run.id,
      title: made.todo.title,
    });
    expect(interview).toMatchObject({ id: made.interview.id, workflowId: null, runId: made.run.id });
    expect(run).toMatchObject({ id: made.run.id, workflowId: null });
  });
});
