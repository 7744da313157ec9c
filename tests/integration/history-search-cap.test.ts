// Issue 9: the whole-history text lookup (migration 0013) answers from at most SEARCH_MATCH_CAP matching
// runs. A term found in nearly every run made it return the whole organization (20–30 s at 1,000,000
// runs); past the cap it is refused as a 422 instead of a page chosen from an arbitrary subset. The history
// page reaches it only for a text in more than SEARCH_EXACT_CAP runs in a sort other than newest first
// (history-text-search.test.ts); exports and bulk actions filter through it. The cap is lowered per
// transaction here (runledger.search_cap) so a handful of runs can cross it.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { runListStatements } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { toApiError } from "@/lib/api/errors";
import { describeDrivers } from "../helpers/db";
import { makeTenant, type Tenant } from "../helpers/engine";

describeDrivers("run history: a search found in too many runs is refused, not scanned", (ctx) => {
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    const { db } = ctx();
    tenant = await makeTenant(db);
    other = await makeTenant(db);
    for (const [t, n] of [
      [tenant, 12],
      [other, 30],
    ] as const) {
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`insert into workflow_runs (org_id, title, status, channel)
                       select ${t.orgId}::uuid, 'Needle hunt ' || i, 'completed', 'web' from generate_series(1, ${n}) as i`),
      );
    }
  });

  const search = (cap: number | null, q: string) =>
    withTenant(ctx().db, tenant.orgId, async (tx) => {
      if (cap !== null)
        await tx.execute(sql`select set_config('runledger.search_cap', ${String(cap)}, true)`);
      // the statement of the whole-history lookup (no TextScope), as exports and other sorts run it
      const rows = await runListStatements(tx, { orgId: tenant.orgId, filters: { q }, limit: 50 }).page;
      return { rows, total: rows.length };
    });

  it("under the cap: every match of this tenant, and only of this tenant", async () => {
    const found = await search(12, "needle");
    expect(found.rows).toHaveLength(12);
    expect(found.total).toBe(12);
    // the default cap (100,000) is far above these runs
    expect((await search(null, "needle hunt 1")).rows.map((r) => r.title).sort()).toEqual([
      "Needle hunt 1",
      "Needle hunt 10",
      "Needle hunt 11",
      "Needle hunt 12",
    ]);
  });

  it("over the cap: refused with SQLSTATE RL001, which the API answers as a 422 that says why", async () => {
    const error = await search(11, "needle").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    const api = toApiError(error);
    expect(api.status).toBe(422);
    expect(api.message).toMatch(/matches more than 100,000 runs/);
    // the other tenant's 30 runs never counted against this one's cap: 12 ≤ 12
    expect((await search(12, "hunt")).rows).toHaveLength(12);
  });
});
