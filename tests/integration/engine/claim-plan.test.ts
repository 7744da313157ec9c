// Issue 10: a claim reads due steps in run_at order from an index whose predicate is the claim's own
// condition, and stops after the rows it locks. With one partial index per status, `status in
// ('queued', 'scheduled')` was a bitmap over both and a sort of every queued step on every claim (~5 ms of
// server time per claim at 3,000 queued, most of the engine's cost in a drain). EXPLAIN after ANALYZE, as
// the role that claims: the worker across organizations, and a tenant refilling its slot.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { withTenant } from "@/db/tenant";
import { claimStatement } from "@/lib/engine/hot-path";
import { describeDrivers, planAsApp, query, setLocalRole } from "../../helpers/db";
import { makeTenant, type Tenant } from "../../helpers/engine";

describeDrivers("engine: the claim is an ordered index read of due steps", (ctx) => {
  let tenant: Tenant;
  const opts = { workerId: "plan-test", batch: 4, leaseMs: 30_000 };

  beforeAll(async () => {
    const { db } = ctx();
    tenant = await makeTenant(db);
    const other = await makeTenant(db);
    // 3,000 runs a tenant with a queued or scheduled step and a completed one
    for (const t of [tenant, other]) {
      await withTenant(db, t.orgId, async (tx) => {
        await tx.execute(sql`
          insert into workflow_runs (org_id, status, channel, created_at)
          select ${t.orgId}::uuid, 'active', 'api', now() - i * interval '1 second'
          from generate_series(1, 3000) as i`);
        await tx.execute(sql`
          insert into workflow_run_steps (org_id, run_id, step_number, step_name, step_type, status, run_at)
          select r.org_id, r.id, n, 'Step ' || n, 'todo',
                 case when n = 1 then 'completed' when extract(second from r.created_at)::int % 10 = 0
                      then 'scheduled' else 'queued' end,
                 case when n = 1 then null else r.created_at end
          from workflow_runs r cross join generate_series(1, 2) as n where r.org_id = ${t.orgId}`);
      });
    }
    await db.execute(sql`analyze workflow_runs`);
    await db.execute(sql`analyze workflow_run_steps`);
  }, 120_000);

  const noSortOfSteps = (plan: string) => {
    // the due steps come in index order (the statement's last sort is of the few claimed rows)
    const due = plan.split("CTE due")[1]!.split("CTE claimed")[0]!;
    expect(due).not.toMatch(/Sort/);
    expect(due).not.toMatch(/Seq Scan on workflow_run_steps|Bitmap Heap Scan on workflow_run_steps/);
  };

  it("as the worker, across organizations: workflow_run_steps_claim_idx in run_at order", async () => {
    const { db } = ctx();
    const plan = await db.transaction(async (tx) => {
      await setLocalRole(tx, "runledger_worker");
      const lines = await query<{ "QUERY PLAN": string }>(tx, sql`explain ${claimStatement(opts)}`);
      return lines.map((l) => l["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index Scan using workflow_run_steps_claim_idx/);
    noSortOfSteps(plan);
  });

  it("as a tenant refilling its slot: a claim index in run_at order", async () => {
    const plan = await planAsApp(ctx().db, tenant.orgId, claimStatement(opts));
    // claim_org_idx when the organization's steps are few among all due ones, else claim_idx and a filter
    expect(plan).toMatch(/Index Scan using workflow_run_steps_claim(_org)?_idx/);
    noSortOfSteps(plan);
    // the promoted runs are looked up by id, not found by scanning the pending ones
    expect(plan.split("CTE promoted")[1]).toMatch(/Index Cond: .*\bid = ANY/);
  });

  it("claims the oldest due steps first, queued and scheduled alike, never a future one", async () => {
    const { db } = ctx();
    const claimed = await db.transaction(async (tx) => {
      await setLocalRole(tx, "runledger_worker");
      return query<{ step: { run_at: string; status: string } }>(tx, claimStatement(opts));
    });
    expect(claimed).toHaveLength(4);
    const runAts = claimed.map((c) => Date.parse(c.step.run_at));
    expect([...runAts].sort((a, b) => a - b)).toEqual(runAts);
    const [oldest] = await query<{ at: string }>(
      db,
      sql`select min(run_at) as at from workflow_run_steps
          where status in ('queued', 'scheduled') and step_type <> 'external'`,
    );
    // the statement's own rows are 'running' now; the oldest remaining is no older than any claimed
    expect(Math.max(...runAts)).toBeLessThanOrEqual(Date.parse(oldest!.at));
    expect(claimed.every((c) => c.step.status === "running")).toBe(true);
  });
});
