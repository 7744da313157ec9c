import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { findRun } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { runRef } from "@/lib/api/schemas";
import { JD_PUBLIC_ID, RUN_PUBLIC_ID } from "@/lib/public-id";
import { describeDrivers, expectPgError, query } from "../../helpers/db";
import { makeJobDescription, makeRun } from "../../helpers/factories";
import { makeTenant, makeWorkflow, start, type Tenant } from "../../helpers/engine";

const NEW_FORM = /^(WF|JD)-[0-9A-HJKMNP-TV-Z]{12}$/;
/** The Crockford base-32 body of a new id as a number. */
const decode = (id: string) =>
  [...id.slice(3)].reduce((n, c) => n * 32n + BigInt("0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c)), 0n);

describeDrivers("public ids", (ctx) => {
  let a: Tenant;
  let b: Tenant;
  let workflowA: string;
  let workflowB: string;

  beforeAll(async () => {
    const { db } = ctx();
    a = await makeTenant(db);
    b = await makeTenant(db);
    workflowA = (await makeWorkflow(db, a.orgId, [{}])).workflowId;
    workflowB = (await makeWorkflow(db, b.orgId, [{}])).workflowId;
  });

  for (const boundary of [999_999, 9_999_999]) {
    it(`runs started across counter ${boundary.toLocaleString("en")} get distinct ids that resolve`, async () => {
      const { db } = ctx();
      await db.execute(sql`select setval('workflow_run_public_seq', ${boundary - 10})`);
      const runs = [];
      for (let i = 0; i < 20; i++)
        runs.push(await start(db, i % 2 ? b.actor : a.actor, i % 2 ? workflowB : workflowA));
      const ids = runs.map((r) => r.publicId);
      expect(new Set(ids).size).toBe(20);
      for (const id of ids) {
        expect(id).toMatch(NEW_FORM);
        expect(id).toMatch(RUN_PUBLIC_ID);
        expect(runRef.safeParse(id).success).toBe(true);
      }
      const [counter] = await query<{ n: string }>(
        db,
        sql`select last_value::text as n from workflow_run_public_seq`,
      );
      expect(Number(counter!.n)).toBe(boundary + 10);
      for (const run of runs) {
        const found = await withTenant(db, run.orgId, (tx) => findRun(tx, run.orgId, run.publicId));
        expect(found?.id).toBe(run.id);
      }
    });
  }

  it("consecutive ids say nothing about the counter: neither ordered nor close", async () => {
    const { db } = ctx();
    const runs = [];
    for (let i = 0; i < 12; i++) runs.push(await start(db, a.actor, workflowA));
    const values = runs.map((r) => decode(r.publicId));
    const sorted = [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(values).not.toEqual(sorted);
    for (let i = 1; i < values.length; i++) {
      const gap = values[i]! > values[i - 1]! ? values[i]! - values[i - 1]! : values[i - 1]! - values[i]!;
      expect(gap).toBeGreaterThan(1000n);
    }
  });

  it("job descriptions get the same kind of id across the boundary", async () => {
    const { db } = ctx();
    await db.execute(sql`select setval('job_description_public_seq', ${999_995})`);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const jd = await withTenant(db, a.orgId, (tx) => makeJobDescription(tx, { orgId: a.orgId }));
      ids.push(jd.publicId);
    }
    expect(new Set(ids).size).toBe(10);
    for (const id of ids) expect(id).toMatch(JD_PUBLIC_ID);
    expect(ids.every((id) => id.startsWith("JD-") && NEW_FORM.test(id))).toBe(true);
  });

  it("ids written before the change keep resolving beside new ones", async () => {
    const { db } = ctx();
    const old = await withTenant(db, a.orgId, (tx) => makeRun(tx, { orgId: a.orgId, publicId: "WF-000123" }));
    expect(runRef.safeParse("WF-000123").success).toBe(true);
    const found = await withTenant(db, a.orgId, (tx) => findRun(tx, a.orgId, "WF-000123"));
    expect(found?.id).toBe(old.id);
    // another organization does not see it by its id
    expect(await withTenant(db, b.orgId, (tx) => findRun(tx, b.orgId, "WF-000123"))).toBeNull();
  });

  it("the application role can mint ids but cannot read the key", async () => {
    const { db } = ctx();
    await expectPgError(
      withTenant(db, a.orgId, (tx) => tx.execute(sql`select secret from public_id_keys`)),
      { code: "42501" },
    );
    const [row] = await withTenant(db, a.orgId, (tx) =>
      query<{ id: string }>(tx, sql`select next_public_id('WF') as id`),
    );
    expect(row!.id).toMatch(RUN_PUBLIC_ID);
    await expectPgError(
      withTenant(db, a.orgId, (tx) => tx.execute(sql`select next_public_id('XX')`)),
      { code: "P0001" },
    );
  });

  it("the permutation is a bijection on the values it has been given (no two counters share an id)", async () => {
    const { db } = ctx();
    const [row] = await query<{ n: number; distinct: number }>(
      db,
      sql`select count(*)::int as n, count(distinct public_id_permute(g, 'fixed-test-key'))::int as distinct
            from generate_series(999000::bigint, 1001000::bigint) g`,
    );
    expect(row!.distinct).toBe(row!.n);
  });
});
