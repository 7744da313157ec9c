// A step whose lease was lost (worker died: the reaper; worker shutting down: releaseStep) keeps its
// place in the queue: its run_at is not moved to now(), so it is claimed before a backlog that became
// due after it, rather than waiting behind it.
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { claimSteps, reapExpiredLeases, releaseStep } from "@/lib/engine/scheduler";
import { describeDrivers, query } from "../../helpers/db";
import {
  expireLease,
  getStep,
  makeTenant,
  makeWorkflow,
  quiesce,
  start,
  startMany,
  stepsOf,
  type Tenant,
} from "../../helpers/engine";

const LEASE = { leaseMs: 60_000 };
const BACKLOG = 5;

describeDrivers("engine: a requeued step keeps its place in the queue", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  afterEach(async () => {
    await quiesce(ctx().db);
  });

  /** One claimed step, then a backlog of queued steps that became due after it. */
  async function claimedAheadOfBacklog() {
    const { db } = ctx();
    const wf = await makeWorkflow(db, t.orgId, [{}]);
    const early = await start(db, t.actor, wf.workflowId);
    const [step] = await stepsOf(db, early.id);
    // its original place: an hour ago (the backlog's steps are due from now on)
    await db.execute(
      sql`update workflow_run_steps set run_at = now() - interval '1 hour' where id = ${step!.id}`,
    );
    const [placed] = await query<{ run_at: string }>(
      db,
      sql`select run_at::text from workflow_run_steps where id = ${step!.id}`,
    );
    const [claimed] = await claimSteps(db, { workerId: "w-lost", batch: 1, ...LEASE });
    expect(claimed?.id).toBe(step!.id);
    const backlog = await startMany(db, t.actor, wf.workflowId, BACKLOG);
    return { claimed: claimed!, runAt: placed!.run_at, backlog };
  }

  async function runAtOf(stepId: string) {
    const [row] = await query<{ run_at: string }>(
      ctx().db,
      sql`select run_at::text from workflow_run_steps where id = ${stepId}`,
    );
    return row!.run_at;
  }

  it("reaped after its worker died: same run_at, claimed before the backlog", async () => {
    const { db } = ctx();
    const { claimed, runAt } = await claimedAheadOfBacklog();
    await expireLease(db, claimed.id);
    expect(await reapExpiredLeases(db)).toBe(1);
    const requeued = await getStep(db, claimed.id);
    expect(requeued.status).toBe("queued");
    expect(await runAtOf(claimed.id)).toBe(runAt);
    const [next] = await claimSteps(db, { workerId: "w-next", batch: 1, ...LEASE });
    expect(next?.id).toBe(claimed.id);
    expect(next?.attempt).toBe(2);
  });

  it("released by a worker shutting down: same run_at, claimed before the backlog", async () => {
    const { db } = ctx();
    const { claimed, runAt } = await claimedAheadOfBacklog();
    await releaseStep(db, claimed);
    expect((await getStep(db, claimed.id)).status).toBe("queued");
    expect(await runAtOf(claimed.id)).toBe(runAt);
    const [next] = await claimSteps(db, { workerId: "w-next", batch: 1, ...LEASE });
    expect(next?.id).toBe(claimed.id);
  });
});
