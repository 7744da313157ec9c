// Issue 9: the run history pages by keyset in every sort (no duplicates, no gaps, also while runs are
// being inserted between pages), counts `total` up to a cap, and every page is an index scan for the
// application role inside a tenant (RLS applies, as in production).
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import { RUN_TOTAL_CAP } from "@/db/queries/paging";
import { listRuns, type RunFilters, type RunSort, runListStatements, spanStatement } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { runSorts } from "@/lib/api/schemas";
import { describeDrivers, planAsApp, query } from "../helpers/db";
import { makeTenant, makeUsers, type Tenant } from "../helpers/engine";

/** The order each sort promises, written independently of the keyset expressions (NULLs last both ways). */
const oracleOrder: Record<RunSort, string> = {
  created_at: "created_at asc, id asc",
  "-created_at": "created_at desc, id desc",
  duration_ms: "duration_ms asc nulls last, id asc",
  "-duration_ms": "duration_ms desc nulls last, id desc",
  status: "status asc, id asc",
  "-status": "status desc, id desc",
  title: "title asc nulls last, id asc",
  "-title": "title desc nulls last, id desc",
};

/**
 * `count` runs with many ties: 15 distinct created_at values (three of them within one millisecond),
 * durations and titles with repeats and NULLs, four statuses, three channels, two owners.
 */
async function insertRuns(db: Database, tenant: Tenant, count: number, ownerB: string, seed = 0) {
  await withTenant(db, tenant.orgId, (tx) =>
    tx.execute(sql`
      insert into workflow_runs (org_id, title, status, channel, duration_ms, created_at, started_by, external_id)
      select ${tenant.orgId}::uuid,
             case when (i + ${seed}) % 5 = 0 then null else 'Run ' || ((i + ${seed}) % 7) end,
             (array['completed', 'failed', 'cancelled', 'active'])[1 + (i + ${seed}) % 4],
             (array['web', 'api', 'voice'])[1 + (i + ${seed}) % 3],
             case when (i + ${seed}) % 4 = 1 then null else ((i + ${seed}) * 37) % 500 end,
             timestamptz '2030-01-01T00:00:00.000100Z' + ((i + ${seed}) % 12) * interval '1 minute'
               + ((i + ${seed}) % 3) * interval '1 microsecond',
             case when i % 2 = 0 then ${tenant.admin.id}::uuid else ${ownerB}::uuid end,
             'ext-' || ${seed} || '-' || i
      from generate_series(1, ${count}) as i`),
  );
}

const inTenant = <T>(db: Database, orgId: string, fn: (tx: Tx) => Promise<T>) => withTenant(db, orgId, fn);

async function oracle(db: Database, orgId: string, sort: RunSort, where: SQL = sql`true`) {
  const found = await inTenant(db, orgId, (tx) =>
    query<{ id: string }>(
      tx,
      sql`select id from workflow_runs where ${where} order by ${sql.raw(oracleOrder[sort])}`,
    ),
  );
  return found.map((r) => r.id);
}

/** Every page of one sort, following next_cursor; `between` runs after each page (concurrent writers). */
async function pageAll(
  db: Database,
  orgId: string,
  sort: RunSort,
  limit: number,
  filters: RunFilters = {},
  between?: (page: number) => Promise<void>,
) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const result = await inTenant(db, orgId, (tx) => listRuns(tx, { orgId, filters, limit, sort, cursor }));
    seen.push(...result.rows.map((r) => r.id));
    cursor = result.nextCursor;
    if (!cursor) return seen;
    await between?.(page);
  }
  throw new Error("more than 200 pages");
}

describeDrivers("run history: keyset paging, capped total, index use as the application role", (ctx) => {
  let small: Tenant;
  let big: Tenant;
  let bigOwnerB: string;

  beforeAll(async () => {
    const { db } = ctx();
    small = await makeTenant(db);
    const [b] = await makeUsers(db, small.orgId, 1);
    await insertRuns(db, small, 45, b!.id);
    big = await makeTenant(db);
    const [bb] = await makeUsers(db, big.orgId, 1);
    bigOwnerB = bb!.id;
    await insertRuns(db, big, RUN_TOTAL_CAP + 5, bigOwnerB, 1);
    // a correlation id on one run in ten; the same ids in the small tenant, which must never leak across
    for (const t of [big, small]) {
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`update workflow_runs set context = jsonb_build_object('correlation_id', 'c-' || external_id)
                       where external_id like '%0'`),
      );
    }
    await db.execute(sql`analyze workflow_runs`);
    await db.execute(sql`analyze runledger_search.run_context`);
    // VACUUM moves the trigram index's pending list (every insert since it was built) into the index proper, as
    // autovacuum does in production; until then the planner rightly prices the index as a long list to read
    await db.execute(sql`vacuum analyze runledger_search.run_text`);
  }, 120_000);

  for (const sort of runSorts) {
    it(`sort=${sort}: cursor pages cover every run exactly once, in the promised order`, async () => {
      const { db } = ctx();
      const expected = await oracle(db, small.orgId, sort);
      expect(expected).toHaveLength(45);
      expect(await pageAll(db, small.orgId, sort, 4)).toEqual(expected);
      expect(await pageAll(db, small.orgId, sort, 1)).toEqual(expected);
      // with filters too: the cursor condition composes with the WHERE clause
      const filtered = await pageAll(db, small.orgId, sort, 3, {
        status: ["completed", "failed"],
        channel: ["web"],
      });
      expect(filtered).toEqual(
        await oracle(db, small.orgId, sort, sql`status in ('completed', 'failed') and channel = 'web'`),
      );
      expect(filtered.length).toBeGreaterThan(3);
    });

    it(`sort=${sort}: runs inserted between pages cause neither duplicates nor gaps`, async () => {
      const { db } = ctx();
      const tenant = await makeTenant(db);
      const [other] = await makeUsers(db, tenant.orgId, 1);
      await insertRuns(db, tenant, 30, other!.id);
      const initial = await oracle(db, tenant.orgId, sort);
      const seen = await pageAll(db, tenant.orgId, sort, 4, {}, async (page) => {
        // keys spread over the whole range: some land before the cursor, some after
        await insertRuns(db, tenant, 3, other!.id, 100 + page * 7);
      });
      expect(new Set(seen).size).toBe(seen.length);
      const final = await oracle(db, tenant.orgId, sort);
      expect(final.length).toBeGreaterThan(initial.length);
      // every run that existed before paging started is seen once ...
      expect(initial.filter((id) => !seen.includes(id))).toEqual([]);
      // ... and what was seen is in the final order of all runs (no run jumped back or forth)
      const seenSet = new Set(seen);
      expect(seen).toEqual(final.filter((id) => seenSet.has(id)));
    });
  }

  it("total: exact from the run rollups for channel, workflow and status; else exact up to the cap and flagged beyond", async () => {
    const { db } = ctx();
    const list = (t: Tenant, filters: RunFilters, ownerId?: string) =>
      inTenant(db, t.orgId, (tx) => listRuns(tx, { orgId: t.orgId, filters, limit: 10, ownerId }));
    const count = async (t: Tenant, where: SQL) => {
      const [{ n } = { n: -1 }] = await inTenant(db, t.orgId, (tx) =>
        query<{ n: number }>(tx, sql`select count(*)::int as n from workflow_runs where ${where}`),
      );
      return n;
    };
    const totalOf = async (t: Tenant, filters: RunFilters, ownerId?: string) => {
      const page = await list(t, filters, ownerId);
      return { total: page.total, exact: page.totalExact };
    };
    expect(await totalOf(small, {})).toEqual({ total: 45, exact: true });
    // past the cap, the rollups still count every run
    expect(await totalOf(big, {})).toEqual({ total: RUN_TOTAL_CAP + 5, exact: true });
    const cases: [RunFilters, SQL][] = [
      [{ status: ["failed"] }, sql`status = 'failed'`],
      [{ status: ["completed", "active"] }, sql`status in ('completed', 'active')`],
      [
        { channel: ["voice", "web"], status: ["cancelled"] },
        sql`channel in ('voice', 'web') and status = 'cancelled'`,
      ],
      [{ channel: ["api"] }, sql`channel = 'api'`],
    ];
    for (const [filters, where] of cases) {
      const n = await count(big, where);
      expect(n).toBeGreaterThan(0);
      expect(await totalOf(big, filters)).toEqual({ total: n, exact: true });
    }
    // a status change moves the run between the counts in its own transaction
    await withTenant(db, big.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set status = 'failed' where external_id in ('ext-1-1', 'ext-1-5')`),
    );
    expect(await totalOf(big, { status: ["failed"] })).toEqual({
      total: await count(big, sql`status = 'failed'`),
      exact: true,
    });
    // other filters count rows, up to the cap
    expect(await totalOf(big, {}, bigOwnerB)).toEqual({
      total: await count(big, sql`started_by = ${bigOwnerB}::uuid`),
      exact: true,
    });
    expect(await totalOf(big, { from: new Date("2029-01-01") })).toEqual({
      total: RUN_TOTAL_CAP,
      exact: false,
    });
  });

  // EXPLAIN as the application role inside the tenant (withTenant), on 10,005 runs after ANALYZE: the plans
  // production gets, RLS included. No enable_seqscan tricks: the planner must prefer the index on its own.
  const plan = (statement: SQL | { getSQL(): SQL }) => planAsApp(ctx().db, big.orgId, statement);

  const expectIndexPlan = (text: string) => {
    expect(text).not.toMatch(/Seq Scan on workflow_runs/);
    expect(text).toMatch(/Index (Only )?Scan( Backward)? using workflow_runs_\w+ on workflow_runs/);
  };

  /** A definer-rights lookup's ids, computed once (an InitPlan) and looked up by primary key. */
  const expectLookupPlan = (text: string) => {
    expect(text).not.toMatch(/Seq Scan on workflow_runs/);
    expect(text).toMatch(/InitPlan 1/);
    expect(text).toMatch(
      /(Bitmap Index Scan on|Index Scan using) workflow_runs_pkey[\s\S]*Index Cond: \(id = ANY \(/,
    );
  };

  const filterCases: [string, RunFilters | ((t: Tenant) => RunFilters), { ownerId?: boolean }?][] = [
    ["no filter", {}],
    ["scope=mine (started_by)", {}, { ownerId: true }],
    ["status", { status: ["failed"] }],
    ["channel", { channel: ["voice"] }],
    ["workflow", { workflowId: randomUUID() }],
    ["jd_id", { jdId: randomUUID() }],
    ["started_by", (t) => ({ startedBy: t.admin.id })],
    ["from and to", { from: new Date("2030-01-01T00:03:00Z"), to: new Date("2030-01-01T00:04:00Z") }],
  ];

  for (const sort of runSorts) {
    it(`EXPLAIN sort=${sort}: first page and cursor page are index scans`, async () => {
      const { db } = ctx();
      const orgId = big.orgId;
      const first = await inTenant(db, orgId, (tx) => listRuns(tx, { orgId, filters: {}, limit: 10, sort }));
      expect(first.nextCursor).toEqual(expect.any(String));
      // the statements are only built here; plan() runs EXPLAIN inside the tenant
      expectIndexPlan(await plan(runListStatements(db, { orgId, filters: {}, limit: 10, sort }).page));
      expectIndexPlan(
        await plan(
          runListStatements(db, { orgId, filters: {}, limit: 10, sort, cursor: first.nextCursor }).page,
        ),
      );
    });
  }

  for (const [name, filters, options] of filterCases) {
    it(`EXPLAIN filter ${name}: newest-first page and cursor page are index scans`, async () => {
      const { db } = ctx();
      const orgId = big.orgId;
      const f = typeof filters === "function" ? filters(big) : filters;
      const ownerId = options?.ownerId ? big.admin.id : undefined;
      const first = await inTenant(db, orgId, (tx) =>
        listRuns(tx, { orgId, ownerId, filters: f, limit: 10 }),
      );
      expectIndexPlan(await plan(runListStatements(db, { orgId, ownerId, filters: f, limit: 10 }).page));
      if (first.nextCursor) {
        expectIndexPlan(
          await plan(
            runListStatements(db, { orgId, ownerId, filters: f, limit: 10, cursor: first.nextCursor }).page,
          ),
        );
      }
    });
  }

  it("context containment finds the tenant's runs only, and follows updates in the same transaction", async () => {
    const { db } = ctx();
    const byContext = (t: Tenant, context: Record<string, unknown>) =>
      inTenant(db, t.orgId, (tx) => listRuns(tx, { orgId: t.orgId, filters: { context }, limit: 50 }));
    const hit = await byContext(big, { correlation_id: "c-ext-1-70" });
    expect(hit.rows.map((r) => r.externalId)).toEqual(["ext-1-70"]);
    expect((await byContext(small, { correlation_id: "c-ext-0-20" })).rows.map((r) => r.externalId)).toEqual([
      "ext-0-20",
    ]);
    // the small tenant has no ext-1-… runs: the big tenant's context is invisible to it
    expect((await byContext(small, { correlation_id: "c-ext-1-70" })).rows).toEqual([]);
    expect((await byContext(big, { correlation_id: "c-ext-0-20" })).rows).toEqual([]);
    // an update is visible to the next query, and the old value no longer matches
    const found = await inTenant(db, big.orgId, async (tx) => {
      await tx.execute(
        sql`update workflow_runs set context = '{"correlation_id":"moved"}' where external_id = 'ext-1-70'`,
      );
      return listRuns(tx, { orgId: big.orgId, filters: { context: { correlation_id: "moved" } }, limit: 5 });
    });
    expect(found.rows.map((r) => r.externalId)).toEqual(["ext-1-70"]);
    expect((await byContext(big, { correlation_id: "c-ext-1-70" })).rows).toEqual([]);
    // outside a tenant the lookup answers nothing
    const [outside] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from runledger_search.runs_with_context('{"correlation_id":"moved"}')`,
    );
    expect(outside!.n).toBe(0);
  });

  it("EXPLAIN context: the page joins the lookup's ids by primary key, and the lookup uses its GIN index", async () => {
    const { db } = ctx();
    const orgId = big.orgId;
    const filters = { context: { correlation_id: "c-ext-1-90" } };
    for (const sort of ["-created_at", "title"] as const) {
      const text = await plan(runListStatements(db, { orgId, filters, limit: 10, sort }).page);
      expectLookupPlan(text);
    }
    // the statement the definer-rights lookup runs (as its owner, so EXPLAIN it as the owner)
    const lookup = await inTenant(db, orgId, async (tx) => {
      await tx.execute(sql`reset role`);
      return query<{ "QUERY PLAN": string }>(
        tx,
        sql`explain select run_id from runledger_search.run_context
            where org_id = app_current_org_id() and context @> '{"correlation_id":"c-ext-1-90"}'`,
      );
    });
    expect(lookup.map((l) => l["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on run_context_gin/);
  });

  it("q with a run id (WF-…) is one unique-index lookup", async () => {
    const { db } = ctx();
    const orgId = big.orgId;
    const [run] = await inTenant(db, orgId, (tx) =>
      query<{ public_id: string }>(
        tx,
        sql`select public_id from workflow_runs where external_id = 'ext-1-33'`,
      ),
    );
    const page = await inTenant(db, orgId, (tx) =>
      listRuns(tx, { orgId, filters: { q: run!.public_id.toLowerCase() }, limit: 10 }),
    );
    expect(page.rows.map((r) => r.externalId)).toEqual(["ext-1-33"]);
    const text = await plan(runListStatements(db, { orgId, filters: { q: run!.public_id }, limit: 10 }).page);
    expectIndexPlan(text);
    expect(text).toMatch(/workflow_runs_public_id_key/);
  });

  it("free text q finds a run by an e-mail in its inputs, its error text or its results, in its tenant only", async () => {
    const { db } = ctx();
    const byText = (t: Tenant, q: string) =>
      inTenant(db, t.orgId, async (tx) =>
        (await listRuns(tx, { orgId: t.orgId, filters: { q }, limit: 50 })).rows.map((r) => r.externalId),
      );
    await withTenant(db, big.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set inputs = '{"candidate_email":"Jane.Doe@Example.com"}'
                     where external_id = 'ext-1-41'`),
    );
    await withTenant(db, big.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set status = 'failed', error_message = 'Resume parser timed out after 30 s'
                     where external_id = 'ext-1-42'`),
    );
    await withTenant(db, big.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set results = '{"top_candidate":"Quentin Okafor"}'
                     where external_id = 'ext-1-43'`),
    );
    await withTenant(db, small.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set inputs = '{"candidate_email":"jane.doe@example.com"}'
                     where external_id = 'ext-0-7'`),
    );
    expect(await byText(big, "jane.doe@example")).toEqual(["ext-1-41"]);
    expect(await byText(small, "JANE.DOE@EXAMPLE.COM")).toEqual(["ext-0-7"]);
    expect(await byText(big, "parser timed out")).toEqual(["ext-1-42"]);
    expect(await byText(big, "okafor")).toEqual(["ext-1-43"]);
    expect(await byText(big, "ext-1-999999")).toEqual([]);
    // LIKE wildcards are literal characters in q
    expect(await byText(big, "%")).toEqual([]);
    expect(await byText(big, "jane_doe")).toEqual([]);
    // a later change is what is found
    await withTenant(db, big.orgId, (tx) =>
      tx.execute(sql`update workflow_runs set inputs = '{}' where external_id = 'ext-1-41'`),
    );
    expect(await byText(big, "jane.doe@example")).toEqual([]);
    // outside a tenant the lookup answers nothing
    const [outside] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from runledger_search.runs_matching('%jane.doe%')`,
    );
    expect(outside!.n).toBe(0);
  });

  it("EXPLAIN q: the page joins the lookup's ids by primary key, and the lookup uses its trigram index", async () => {
    const { db } = ctx();
    const orgId = big.orgId;
    for (const sort of ["-created_at", "-duration_ms"] as const) {
      const text = await plan(
        runListStatements(db, { orgId, filters: { q: "parser timed" }, limit: 10, sort }).page,
      );
      expectLookupPlan(text);
      expect(text).not.toMatch(/ILIKE|~~\*/);
    }
    // a rare text's ids (the page and count of listRuns), and one span of a common text's newest-first walk
    const ids = (
      await inTenant(db, orgId, (tx) => listRuns(tx, { orgId, filters: { q: "ext-1-77" }, limit: 50 }))
    ).rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(5);
    const exact = runListStatements(db, { orgId, filters: { q: "ext-1-77" }, limit: 50 }, { ids });
    for (const statement of [exact.page, exact.count]) {
      const text = await plan(statement);
      expect(text).toMatch(/Index (Only )?Scan (using|on) workflow_runs_pkey/);
      expect(text).not.toMatch(/Seq Scan on workflow_runs|runs_matching/);
    }
    // a span of time and the window of newest runs: their lookup runs once (an InitPlan), its ids are
    // looked up by primary key
    for (const span of [
      { since: sql`now() - interval '1 day'`, before: null },
      { newest: 1000, before: null },
    ]) {
      const text = await plan(spanStatement(db, { orgId, filters: { q: "parser" }, limit: 50 }, span, 51));
      expect(text).toMatch(/InitPlan 1/);
      expect(text).toMatch(/Index Scan (using|on) workflow_runs_pkey[\s\S]*Index Cond: \(id = ANY \(/);
      expect(text).not.toMatch(/Seq Scan on workflow_runs|ILIKE|~~\*/);
    }
    const lookup = await inTenant(db, orgId, async (tx) => {
      await tx.execute(sql`reset role`);
      return query<{ "QUERY PLAN": string }>(
        tx,
        sql`explain select run_id from runledger_search.run_text
            where org_id = app_current_org_id() and doc ILIKE '%parser timed%'`,
      );
    });
    expect(lookup.map((l) => l["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on run_text_trgm/);
  });

  it("EXPLAIN total: the count stops after the cap (a Limit under the aggregate)", async () => {
    const { db } = ctx();
    const orgId = big.orgId;
    const text = await plan(runListStatements(db, { orgId, filters: {}, limit: 10 }).count);
    expect(text).toMatch(/Aggregate[\s\S]*Limit/);
  });
});
