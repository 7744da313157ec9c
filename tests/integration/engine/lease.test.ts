// Heartbeats follow the lease: a handler that runs for several leases keeps its step (the worker
// renews every third of the lease), so nothing is reaped and nothing runs twice. With the old fixed
// 10 s heartbeat a short lease lapsed under the live handler and the step was run again.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { Worker } from "@/lib/engine/worker";
import { MIN_LEASE_MS } from "@/lib/env";
import { describeDrivers, query } from "../../helpers/db";
import {
  makeTenant,
  makeWorkflow,
  Probe,
  start,
  stepsOf,
  type Tenant,
  waitFor,
  waitForRun,
  withWorkers,
} from "../../helpers/engine";

// the shortest lease the settings accept (MIN_LEASE_MS): a heartbeat every second
const LEASE_MS = MIN_LEASE_MS;

describeDrivers("engine: heartbeat derived from the lease", (ctx) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await makeTenant(ctx().db);
  });

  it("a lease shorter than the handler, with heartbeats from the lease, re-runs nothing", async () => {
    const { db, handle } = ctx();
    // the handler outlives its first lease by a whole lease and has seen the lease renewed 3 times
    const probe = new Probe(async (_ctx, call) => {
      const seen = new Set<string>();
      let first: string | undefined;
      await waitFor(
        async () => {
          const [row] = await query<{ expires: string; past: boolean | null }>(
            db,
            sql`select lease_expires_at::text as expires,
                  now() > ${first ?? null}::timestamptz + ${`${LEASE_MS} milliseconds`}::interval as past
                from workflow_run_steps where id = ${call.stepId}`,
          );
          if (!row || call.signal.aborted) return true; // ends the wait; the assertions below fail
          first ??= row.expires;
          seen.add(row.expires);
          return seen.size >= 4 && row.past === true;
        },
        60_000,
        "the handler outlives its first lease",
        100,
      );
      return { output: { attempt: call.attempt } };
    });
    const wf = await makeWorkflow(db, t.orgId, [{ maxRetries: 0 }]);
    const run = await start(db, t.actor, wf.workflowId);
    // two workers, reaper every 100 ms: a lapsed lease would be taken back and claimed again
    const workers = ["lease-a", "lease-b"].map(
      (workerId) =>
        new Worker(handle, {
          workerId,
          handlers: { todo: probe.handler },
          leaseMs: LEASE_MS,
          pollMs: 25,
          housekeepingMs: 100,
          relayWebhooks: false,
        }),
    );
    expect(workers[0]!.settings.heartbeatMs).toBe(1_000);
    await withWorkers(workers, () => waitForRun(db, run.id, ["completed"], 60_000));

    expect(probe.calls).toHaveLength(1);
    expect(probe.calls[0]!.signal.aborted).toBe(false);
    const [step] = await stepsOf(db, run.id);
    expect(step!.status).toBe("completed");
    expect(step!.attempt).toBe(1);
    expect(step!.events.filter((e) => e.type === "step.lease_expired")).toEqual([]);
    expect(step!.events.filter((e) => e.type === "step.claim")).toHaveLength(1);
  });
});
