// Migration 0015: steps carried over by a rerun from a step stop counting as executions. Rollups written
// before it counted them (the old rule); the migration takes them out under the old rule and puts them
// back under the new one, so node statistics of old days are corrected, not only those of new writes.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { nodeExecutionStats } from "@/db/queries/analytics";
import { loadMigrations, migrateDown, migrateUp } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { describeDrivers, query } from "../helpers/db";
import { makeOrganization, makeRun, makeStep } from "../helpers/factories";

describeDrivers("migration 0015: carried steps leave the execution counts", (ctx) => {
  it("corrects rollups written under the old rule, and the down migration restores them", async () => {
    const { db } = ctx();
    // back to before 0015 (and whatever came after it)
    const tags = loadMigrations().map((m) => m.tag);
    const since = tags.slice(tags.indexOf("0015_carried_steps"));
    expect(await migrateDown(db, since.length)).toEqual([...since].reverse());
    const org = await makeOrganization(db);
    const created = new Date(Date.UTC(2024, 2, 5, 9));
    await withTenant(db, org.id, async (tx) => {
      const original = await makeRun(tx, { orgId: org.id, status: "completed", createdAt: created });
      const rerun = await makeRun(tx, { orgId: org.id, status: "completed", createdAt: created });
      await makeStep(tx, {
        orgId: org.id,
        runId: original.id,
        stepNumber: 1,
        stepType: "todo",
        status: "completed",
        durationMs: 40,
      });
      // the rerun carried step 1 over (it ran in the original) and ran step 2 itself
      await makeStep(tx, {
        orgId: org.id,
        runId: rerun.id,
        stepNumber: 1,
        stepType: "todo",
        status: "completed",
        events: [
          { type: "step.carried", timestamp: created.toISOString(), data: { from_run: original.publicId } },
        ],
      });
      await makeStep(tx, {
        orgId: org.id,
        runId: rerun.id,
        stepNumber: 2,
        stepType: "todo",
        status: "completed",
        durationMs: 60,
      });
    });
    const executed = async () => {
      const [row] = await query<{ n: number; other: number }>(
        db,
        sql`select coalesce(sum(steps) filter (where status = 'completed'), 0)::int as n,
                   coalesce(sum(steps) filter (where status = 'other'), 0)::int as other
            from analytics_step_rollups where org_id = ${org.id}`,
      );
      return row!;
    };
    const day = { from: new Date(Date.UTC(2024, 2, 5)), to: new Date(Date.UTC(2024, 2, 6)) };
    const stats = () =>
      withTenant(db, org.id, (tx) => nodeExecutionStats(tx, org.id, day)).then((s) => s.rows[0]);

    expect(await executed()).toEqual({ n: 3, other: 0 }); // the old rule counted the carried step

    expect(await migrateUp(db)).toEqual(since);
    expect(await executed()).toEqual({ n: 2, other: 1 });
    expect(await stats()).toMatchObject({ stepType: "todo", executions: 2, completed: 2 });

    // and back: down restores the old figures exactly, up corrects them again
    await migrateDown(db, since.length);
    expect(await executed()).toEqual({ n: 3, other: 0 });
    await migrateUp(db);
    expect(await executed()).toEqual({ n: 2, other: 1 });
  });
});
