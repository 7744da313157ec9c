// Issue 9: free text `q` on the run history. A text held by at most SEARCH_EXACT_CAP runs is answered from
// their ids (exact page and total, any sort); a text held by more is paged newest first through spans of time
// (migration 0019), which must neither skip nor repeat a run at span edges, under cursors, skip, filters and
// concurrent inserts, and must say that its total is a lower bound.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import {
  hasIndexedWords,
  listRuns,
  type RunFilters,
  type RunSort,
  SEARCH_EXACT_CAP,
} from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { describeDrivers, query } from "../helpers/db";
import { makeTenant, type Tenant } from "../helpers/engine";

/** Hours between consecutive runs: DENSE runs span ~2 years, so every span of the walk holds some. */
const STEP_HOURS = 15;
const DENSE = SEARCH_EXACT_CAP + 140;

/**
 * DENSE runs whose error text holds "needle" (one in seven also "Needle-Rare-<i>"), one hay run between each
 * two, newest first from 2031-01-01 every STEP_HOURS; in every 200 runs two needles share a created_at (ties
 * across a span edge and a page edge).
 */
async function insertHaystack(db: Database, tenant: Tenant, seed: number, count = DENSE) {
  await withTenant(db, tenant.orgId, (tx) =>
    tx.execute(sql`
      insert into workflow_runs (org_id, title, status, channel, created_at, external_id, error_message)
      select ${tenant.orgId}::uuid, 'Run ' || i, (array['completed', 'failed'])[1 + i % 2],
             (array['web', 'api', 'voice'])[1 + i % 3],
             timestamptz '2031-01-01T00:00:00Z' - ((i - 2 * (i % 200 = 3)::int) * ${STEP_HOURS} * interval '1 hour')
               + ${seed} * interval '1 minute',
             'x-' || ${seed} || '-' || i,
             case when i % 2 = 0 then 'hay ' || i
                  else 'The NEEDLE ' || i || case when i % 7 = 1 then ' Needle-Rare-' || i else '' end end
      from generate_series(0, ${count * 2 - 1}) as i`),
  );
}

async function oracle(db: Database, orgId: string, text: string, where = sql`true`) {
  const found = await withTenant(db, orgId, (tx) =>
    query<{ id: string }>(
      tx,
      sql`select id from workflow_runs
          where error_message ilike ${`%${text}%`} and ${where} order by created_at desc, id desc`,
    ),
  );
  return found.map((r) => r.id);
}

describeDrivers(
  "run history: free text search, exact when rare, newest first by spans when common",
  (ctx) => {
    let tenant: Tenant;
    let other: Tenant;

    beforeAll(async () => {
      const { db } = ctx();
      tenant = await makeTenant(db);
      other = await makeTenant(db);
      await insertHaystack(db, tenant, 0);
      // the same text in another organization must never appear, nor count
      await insertHaystack(db, other, 1, 200);
      await db.execute(sql`vacuum analyze runledger_search.run_text`);
      await db.execute(sql`analyze workflow_runs`);
    }, 180_000);

    const page = (
      orgId: string,
      filters: RunFilters,
      extra: { limit?: number; sort?: RunSort; cursor?: string | null; skip?: number } = {},
    ) =>
      withTenant(ctx().db, orgId, (tx) =>
        listRuns(tx, { orgId, filters, limit: extra.limit ?? 50, ...extra }),
      );

    async function pageAll(
      orgId: string,
      filters: RunFilters,
      limit: number,
      between?: (page: number) => Promise<void>,
    ) {
      const seen: string[] = [];
      const totals: { total: number; exact: boolean; shown: number }[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 400; n++) {
        const result = await page(orgId, filters, { limit, cursor });
        seen.push(...result.rows.map((r) => r.id));
        totals.push({ total: result.total, exact: result.totalExact, shown: result.rows.length });
        cursor = result.nextCursor;
        if (!cursor) return { seen, totals };
        await between?.(n);
      }
      throw new Error("more than 400 pages");
    }

    it("a common text pages newest first across every span without gaps or duplicates; its total is a lower bound", async () => {
      const { db } = ctx();
      const expected = await oracle(db, tenant.orgId, "needle");
      expect(expected.length).toBe(DENSE);
      const { seen, totals } = await pageAll(tenant.orgId, { q: "needle" }, 97);
      expect(seen).toEqual(expected);
      // the first page read only the newest span(s): a lower bound, never below what it shows
      expect(totals[0]!.exact).toBe(false);
      expect(totals[0]!.total).toBeGreaterThanOrEqual(97);
      expect(totals[0]!.total).toBeLessThan(DENSE);
      for (const t of totals) expect(t.total).toBeGreaterThanOrEqual(t.shown);
    });

    it("a common text with words walks the word index week by week, newest first, and pages exactly like a substring search", async () => {
      const { db } = ctx();
      // "the needle": a prefix word lookup (text_terms) whose matches (every needle run) exceed the exact cap
      const expected = await oracle(db, tenant.orgId, "the needle");
      expect(expected.length).toBe(DENSE);
      const { seen, totals } = await pageAll(tenant.orgId, { q: "The needle" }, 97);
      expect(seen).toEqual(expected);
      expect(totals[0]!.exact).toBe(false);
      // a span in the middle of the history holds only its own weeks' matches
      const from = new Date("2029-03-01T00:00:00Z");
      const to = new Date("2029-05-01T00:00:00Z");
      const ranged = await page(tenant.orgId, { q: "the needle", from, to }, { limit: 200 });
      const inRange = await oracle(
        db,
        tenant.orgId,
        "the needle",
        sql`created_at >= ${from.toISOString()}::timestamptz and created_at <= ${to.toISOString()}::timestamptz`,
      );
      expect(inRange.length).toBeGreaterThan(40);
      expect(ranged.rows.map((r) => r.id)).toEqual(inRange);
      expect(ranged.total).toBe(inRange.length);
      expect(ranged.totalExact).toBe(true);
    });

    it("the exact lookup's settled matches are the text's newest, and a common text's first pages are read from them", async () => {
      const { db } = ctx();
      const expected = await oracle(db, tenant.orgId, "the needle");
      // as the application role: whatever the cap, the settled matches are exactly the newest ones
      let settledAtCap = 0;
      for (const cap of [SEARCH_EXACT_CAP + 1, 400, 60]) {
        const top = await withTenant(db, tenant.orgId, (tx) =>
          query<{ run_id: string; settled: boolean }>(
            tx,
            sql`select run_id, settled from runledger_search.runs_matching_text_top('The Needle', ${cap}::integer)`,
          ),
        );
        expect(top.length).toBe(cap);
        const settled = top.filter((r) => r.settled).map((r) => r.run_id);
        expect(settled.length).toBeGreaterThan(cap / 2);
        expect(settled.length).toBeLessThan(cap);
        expect(new Set(settled)).toEqual(new Set(expected.slice(0, settled.length)));
        expect(top.every((r) => expected.includes(r.run_id))).toBe(true);
        if (cap === SEARCH_EXACT_CAP + 1) settledAtCap = settled.length;
      }
      // a copy without words (read apart, of any week) is settled only inside the weeks read whole
      const t = await makeTenant(db);
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`insert into workflow_runs (org_id, status, channel, created_at, error_message)
                       select ${t.orgId}::uuid, 'failed', 'web',
                              timestamptz '2031-01-01' - i * interval '6 hours', 'the needle phrase ' || i
                       from generate_series(1, 300) as i
                       union all
                       select ${t.orgId}::uuid, 'failed', 'web', timestamptz '2029-01-01' - i * interval '1 day',
                              'the needle phrase ' || repeat('a', 3000)
                       from generate_series(1, 2) as i`),
      );
      const mixedOracle = await oracle(db, t.orgId, "needle phrase");
      const mixed = await withTenant(db, t.orgId, (tx) =>
        query<{ run_id: string; settled: boolean }>(
          tx,
          sql`select run_id, settled from runledger_search.runs_matching_text_top('needle phrase', 100)`,
        ),
      );
      const mixedSettled = mixed.filter((r) => r.settled).map((r) => r.run_id);
      expect(mixed.length).toBe(100);
      expect(mixed.map((r) => r.run_id)).toEqual(expect.arrayContaining(mixedOracle.slice(-2)));
      expect(mixedSettled.length).toBeGreaterThan(50);
      expect(new Set(mixedSettled)).toEqual(new Set(mixedOracle.slice(0, mixedSettled.length)));
      // a single word (the trigram index, in no order) settles nothing
      const single = await withTenant(db, tenant.orgId, (tx) =>
        query<{ n: number }>(
          tx,
          sql`select count(*) filter (where settled)::int as n from runledger_search.runs_matching_text_top('needle', 500)`,
        ),
      );
      expect(single[0]!.n).toBe(0);
      // the first page: the newest matches; total, a lower bound, the settled matches (no other filter)
      const first = await page(tenant.orgId, { q: "the needle" }, { limit: 20 });
      expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 20));
      expect(first).toMatchObject({ total: settledAtCap, totalExact: false });
      // the next page: the settled matches after its cursor
      const second = await page(tenant.orgId, { q: "the needle" }, { limit: 20, cursor: first.nextCursor });
      expect(second.rows.map((r) => r.id)).toEqual(expected.slice(20, 40));
      expect(second).toMatchObject({ total: settledAtCap - 20, totalExact: false });
      // skip inside the settled matches
      const skipped = await page(tenant.orgId, { q: "the needle" }, { limit: 20, skip: 150 });
      expect(skipped.rows.map((r) => r.id)).toEqual(expected.slice(150, 170));
      // a filter that leaves the settled matches short of a page hands over to the spans, without a gap
      const voice = await pageAll(tenant.orgId, { q: "the needle", channel: ["voice"] }, 40);
      expect(voice.seen).toEqual(await oracle(db, tenant.orgId, "the needle", sql`channel = 'voice'`));
      for (const t of voice.totals) expect(t.total).toBeGreaterThanOrEqual(t.shown);
    });

    it("with filters, skip and one-row pages the walk still returns exactly the matching runs", async () => {
      const { db } = ctx();
      const voice = await pageAll(tenant.orgId, { q: "NEEDLE", channel: ["voice"], status: ["failed"] }, 13);
      const expected = await oracle(db, tenant.orgId, "needle", sql`channel = 'voice' and status = 'failed'`);
      expect(expected.length).toBeGreaterThan(100);
      expect(voice.seen).toEqual(expected);
      // a date range inside the history: the walk stops at its start and then knows the total
      const from = new Date("2030-06-01T00:00:00Z");
      const to = new Date("2030-09-01T00:00:00Z");
      const ranged = await page(tenant.orgId, { q: "needle", from, to }, { limit: 100 });
      const inRange = await oracle(
        db,
        tenant.orgId,
        "needle",
        sql`created_at >= ${from.toISOString()}::timestamptz and created_at <= ${to.toISOString()}::timestamptz`,
      );
      expect(inRange.length).toBeGreaterThan(50);
      expect(inRange.length).toBeLessThan(100);
      expect(ranged.rows.map((r) => r.id)).toEqual(inRange);
      expect(ranged).toMatchObject({ total: inRange.length, totalExact: true, nextCursor: null });
      // skip (the seed's offset) over the walk
      const all = await oracle(db, tenant.orgId, "needle");
      const skipped = await page(tenant.orgId, { q: "needle" }, { limit: 20, skip: 300 });
      expect(skipped.rows.map((r) => r.id)).toEqual(all.slice(300, 320));
      const last = await page(tenant.orgId, { q: "needle" }, { limit: 1, skip: DENSE - 1 });
      expect(last.rows.map((r) => r.id)).toEqual(all.slice(-1));
      expect(last).toMatchObject({ nextCursor: null, total: DENSE, totalExact: true });
    });

    it("runs inserted between pages cause neither duplicates nor gaps", async () => {
      const { db } = ctx();
      const fresh = await makeTenant(db);
      await insertHaystack(db, fresh, 0);
      const initial = await oracle(db, fresh.orgId, "needle");
      const { seen } = await pageAll(fresh.orgId, { q: "needle" }, 150, async (n) => {
        // newer than every page read so far, and spread through the older history
        await insertHaystack(db, fresh, 30 + n, 3);
        await withTenant(db, fresh.orgId, (tx) =>
          tx.execute(sql`insert into workflow_runs (org_id, status, channel, created_at, error_message)
                       values (${fresh.orgId}, 'completed', 'web', now(), 'needle at the top ' || ${n})`),
        );
      });
      expect(new Set(seen).size).toBe(seen.length);
      const final = await oracle(db, fresh.orgId, "needle");
      // every run that existed before paging started is seen once, in order
      const before = new Set(initial);
      expect(seen.filter((id) => before.has(id))).toEqual(initial);
      // and nothing that does not match
      const all = new Set(final);
      expect(seen.every((id) => all.has(id))).toBe(true);
    });

    it("the newest-runs window never cuts through runs created at one instant", async () => {
      const { db } = ctx();
      const t = await makeTenant(db);
      // 990 runs a second apart, then 30 created at one instant: the 1,000 newest end inside those 30
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`insert into workflow_runs (org_id, status, channel, created_at, error_message)
                       select ${t.orgId}::uuid, 'completed', 'web',
                              timestamptz '2031-01-01' - least(i, 990) * interval '1 second', 'tie needle ' || i
                       from generate_series(1, 1020) as i`),
      );
      const expected = await oracle(db, t.orgId, "needle");
      for (const limit of [995, 989, 50]) {
        const got = await page(t.orgId, { q: "needle" }, { limit });
        expect(got.rows.map((r) => r.id)).toEqual(expected.slice(0, limit));
      }
      const { seen } = await pageAll(t.orgId, { q: "tie needle" }, 333);
      expect(seen).toEqual(expected);
    });

    it("a rare text is answered exactly from its ids, in every sort, and only inside its tenant", async () => {
      const { db } = ctx();
      const expected = await oracle(db, tenant.orgId, "needle-rare-");
      expect(expected.length).toBeGreaterThan(100);
      expect(expected.length).toBeLessThanOrEqual(SEARCH_EXACT_CAP);
      // ~70 of them among the newest 1,000 runs: too few for a page of 100, so the exact lookup answers
      const first = await page(tenant.orgId, { q: "needle-rare-" }, { limit: 100 });
      expect(first).toMatchObject({ total: expected.length, totalExact: true });
      expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 100));
      // text with indexed words never reads the newest-runs window: a page of 40 is exact too
      const worded = await page(tenant.orgId, { q: "needle-rare-" }, { limit: 40 });
      expect(worded).toMatchObject({ total: expected.length, totalExact: true });
      expect(worded.rows.map((r) => r.id)).toEqual(expected.slice(0, 40));
      // a single word does: enough for a page of 40 among the newest runs, which answer it alone, and the
      // total is their matches, a lower bound
      const single = await oracle(db, tenant.orgId, "rare");
      expect(single).toEqual(expected);
      const window = await page(tenant.orgId, { q: "RARE" }, { limit: 40 });
      expect(window.rows.map((r) => r.id)).toEqual(expected.slice(0, 40));
      expect(window.totalExact).toBe(false);
      expect(window.total).toBeGreaterThan(40);
      expect(window.total).toBeLessThan(expected.length);
      // its cursor pages on like every other cursor
      const second = await page(tenant.orgId, { q: "rare" }, { limit: 40, cursor: window.nextCursor });
      expect(second.rows.map((r) => r.id)).toEqual(expected.slice(40, 80));
      const byTitle = await page(tenant.orgId, { q: "Needle-Rare-" }, { limit: 100, sort: "title" });
      expect(byTitle.total).toBe(expected.length);
      const titles = byTitle.rows.map((r) => r.title!);
      expect(titles).toEqual([...titles].sort());
      // the total counted beside the page: the same with a skip inside the matches, past them and with a
      // filter (each counts every match of the filters, whatever the page shows)
      const inside = await page(tenant.orgId, { q: "needle-rare-" }, { limit: 30, skip: 90 });
      expect(inside).toMatchObject({ total: expected.length, totalExact: true });
      expect(inside.rows.map((r) => r.id)).toEqual(expected.slice(90, 120));
      const past = await page(tenant.orgId, { q: "needle-rare-" }, { limit: 30, skip: expected.length + 5 });
      expect(past).toMatchObject({ rows: [], total: expected.length, totalExact: true, nextCursor: null });
      const voice = await oracle(db, tenant.orgId, "needle-rare-", sql`channel = 'voice'`);
      const filtered = await page(tenant.orgId, { q: "needle-rare-", channel: ["voice"] }, { limit: 10 });
      expect(filtered).toMatchObject({ total: voice.length, totalExact: true });
      expect(filtered.rows.map((r) => r.id)).toEqual(voice.slice(0, 10));
      // the other organization's runs hold the same texts
      const foreign = await oracle(db, other.orgId, "needle-rare-");
      expect(foreign.length).toBeGreaterThan(10);
      const mine = new Set(
        (await page(tenant.orgId, { q: "needle-rare-" }, { limit: 100 })).rows.map((r) => r.id),
      );
      expect(foreign.some((id) => mine.has(id))).toBe(false);
      expect((await page(other.orgId, { q: "needle-rare-" })).total).toBe(foreign.length);
      // a common text sorted by something else than newest first reads every match (capped lookup of 0013)
      const common = await page(tenant.orgId, { q: "needle" }, { limit: 10, sort: "-title" });
      expect(common).toMatchObject({ total: DENSE, totalExact: true });
      // nothing found
      expect(await page(tenant.orgId, { q: "no such needle" })).toMatchObject({
        rows: [],
        total: 0,
        totalExact: true,
      });
    });

    it("EXPLAIN: a span lookup reads a range of run_text_org_created beside the trigram index", async () => {
      const { db } = ctx();
      const orgId = tenant.orgId;
      // inside the lookup (as its owner): a span is a range of run_text_org_created beside the trigram index
      const lookup = await withTenant(db, orgId, async (tx) => {
        await tx.execute(sql`reset role`);
        return query<{ "QUERY PLAN": string }>(
          tx,
          sql`explain select run_id from runledger_search.run_text t
            where t.org_id = app_current_org_id() and t.doc like '%needle%'
              and t.created_at >= timestamptz '2030-12-20' and t.created_at < timestamptz '2031-01-02'`,
        );
      });
      expect(lookup.map((l) => l["QUERY PLAN"]).join("\n")).toMatch(/run_text_org_created/);
    });

    it("text across separators is found through the word index exactly as a substring search finds it", async () => {
      const { db } = ctx();
      const t = await makeTenant(db);
      const texts = [
        "Contact: Dana.Weber549994@post.example (primary)",
        "dana.weber5499940@post.example.org",
        "xdana.weber549994@post.examples",
        "Weber549994@post",
        "LLM provider rate limit exceeded",
        "rate limited; moderate limit",
        "REQ-1234 and REQ-12345",
        "Ünïcödé Straße-42 done",
        "100% match_rate for a\\b",
        `${"a".repeat(3000)} long.word here`,
      ];
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`insert into workflow_runs (org_id, status, channel, error_message, external_id)
                       select ${t.orgId}::uuid, 'failed', 'web', e, 'w-' || i
                       from unnest(${`{${texts.map((x) => JSON.stringify(x)).join(",")}}`}::text[]) with ordinality as u(e, i)`),
      );
      const searches = [
        "dana.weber549994@post.example",
        "ANA.WEBER549994@POST.EX",
        ".weber549994@",
        "weber549994@post",
        "rate limit",
        "rate limit ",
        " limit",
        "te lim",
        "REQ-1234",
        "req-1234 ",
        "straße-4",
        "ünïcödé straße",
        "100% match_rate",
        "match_",
        "a\\b",
        "long.word",
        "a long.word h",
        "post.example.org",
        ".",
        "nothing.like this",
      ];
      let nonEmpty = 0;
      for (const q of searches) {
        // the oracle: a plain substring test of the whole searched text (as its owner, inside the tenant)
        const want = await withTenant(db, t.orgId, async (tx) => {
          await tx.execute(sql`reset role`);
          return query<{ external_id: string }>(
            tx,
            sql`select external_id from workflow_runs r
                where strpos(lower(runledger_search.run_document(r)), lower(${q})) > 0
                order by created_at desc, id desc`,
          );
        });
        const got = await withTenant(db, t.orgId, (tx) =>
          listRuns(tx, { orgId: t.orgId, filters: { q }, limit: 50 }),
        );
        expect({ q, found: got.rows.map((r) => r.externalId) }).toEqual({
          q,
          found: want.map((w) => w.external_id),
        });
        if (want.length) nonEmpty += 1;
      }
      expect(nonEmpty).toBe(searches.length - 1);
      // the word index cannot hold a 3,000-letter word: that copy has no words and is a candidate of every search
      const [unworded] = await query<{ n: number }>(
        db,
        sql`select count(*)::int as n from runledger_search.run_text where org_id = ${t.orgId} and words is null`,
      );
      expect(unworded!.n).toBe(1);
    });

    it("the copy is kept lower-cased and every lookup matches any case, upper-case letters beyond ASCII too", async () => {
      const { db } = ctx();
      const t = await makeTenant(db);
      const inserted = await withTenant(db, t.orgId, (tx) =>
        query<{ id: string }>(
          tx,
          sql`insert into workflow_runs (org_id, status, channel, title, error_message, external_id)
              values (${t.orgId}::uuid, 'failed', 'web', 'ÉCOLE Polytechnique', 'Straße GROSS Ärger', 'MiXeD-Case-77'),
                     (${t.orgId}::uuid, 'completed', 'web', 'plain', null, 'other-1')
              returning id`,
        ),
      );
      const runId = inserted[0]!.id;
      const copies = () =>
        query<{ doc: string; lowered: boolean }>(
          db,
          sql`select t.doc, t.doc = lower(runledger_search.run_document(r)) as lowered
              from runledger_search.run_text t join workflow_runs r on r.id = t.run_id where t.run_id = ${runId}`,
        );
      const [copy] = await copies();
      expect(copy!.lowered).toBe(true);
      expect(copy!.doc).toContain("école polytechnique");
      expect(copy!.doc).not.toMatch(/[A-ZÉÄ]/);
      // the newest-runs window (one word, newest first), the trigram and word lookups (other sorts, exact ids)
      // and runs_matching (other sorts' filter): each finds the run whatever the case of either side
      for (const q of [
        "école",
        "ÉCOLE",
        "polyTECHNIQUE",
        "ärger",
        "STRASSE",
        "straße gross",
        "mixed-case-77",
        "É",
      ]) {
        for (const sort of ["-created_at", "title", "-duration_ms"] as const) {
          const got = await withTenant(db, t.orgId, (tx) =>
            listRuns(tx, { orgId: t.orgId, filters: { q }, limit: 50, sort }),
          );
          // "STRASSE" is not "straße" (lower() does not fold ß), as ILIKE never found it either
          expect({ q, sort, ids: got.rows.map((r) => r.id) }).toEqual({
            q,
            sort,
            ids: q === "STRASSE" ? [] : [runId],
          });
        }
      }
      // an edit of the run rewrites its copy, lower-cased
      await withTenant(db, t.orgId, (tx) =>
        tx.execute(sql`update workflow_runs set title = 'ZÜRICH Office' where id = ${runId}`),
      );
      const [edited] = await copies();
      expect(edited!.lowered).toBe(true);
      expect(edited!.doc).toContain("zürich office");
      const found = await withTenant(db, t.orgId, (tx) =>
        listRuns(tx, { orgId: t.orgId, filters: { q: "Zürich" }, limit: 50 }),
      );
      expect(found.rows.map((r) => r.id)).toEqual([runId]);
    });

    it("EXPLAIN: text with words reads the word index through the organization's scoped words, a single word the trigram index", async () => {
      const { db } = ctx();
      const terms = (q: string) =>
        withTenant(db, tenant.orgId, async (tx) => {
          await tx.execute(sql`reset role`);
          const [shape] = await query<{ terms: string[] | null }>(
            tx,
            sql`select runledger_search.text_terms(${q}) as terms`,
          );
          return shape!.terms;
        });
      expect(await terms("Needle-Rare-77")).toEqual(["rare"]);
      expect(await terms("needle rare-77 x")).toEqual(["rare", "77"]);
      expect(await terms("rate limit")).toEqual(["limit*"]);
      expect(await terms("a.b")).toBeNull();
      expect(await terms(" needle ")).toEqual(["needle"]);
      expect(await terms("needle")).toBeNull();
      expect(await terms("needle ")).toBeNull();
      // listRuns' choice of path (hasIndexedWords) agrees with the lookup's
      for (const q of [
        "Needle-Rare-77",
        "rate limit",
        "a.b",
        " needle ",
        "needle",
        "needle ",
        "x@ab",
        "x@abc",
        "São Paulo",
        "1-2-3",
      ])
        expect({ q, words: hasIndexedWords(q) }).toEqual({ q, words: (await terms(q)) !== null });
      // a copy's words carry its organization and week; a query names the weeks it reads
      const scoped = await withTenant(db, tenant.orgId, async (tx) => {
        await tx.execute(sql`reset role`);
        const [row] = await query<{ words: string; query: string; week: number }>(
          tx,
          sql`select t.words::text as words, runledger_search.week_of(t.created_at) as week,
                runledger_search.scoped_query(array['rare', 'limit*'],
                  array[runledger_search.text_scope(t.org_id, runledger_search.week_of(t.created_at)),
                        runledger_search.text_scope(t.org_id, runledger_search.week_of(t.created_at) - 1)])::text as query
              from runledger_search.run_text t where t.org_id = ${tenant.orgId} and t.words is not null limit 1`,
        );
        return row!;
      });
      const prefix = `${tenant.orgId.replaceAll("-", "").slice(0, 8)}.`;
      expect(scoped.words).toMatch(new RegExp(`^'${prefix}${scoped.week}\\.[a-z0-9]+'`));
      expect(scoped.query).toBe(
        `'${prefix}${scoped.week}.rare' & '${prefix}${scoped.week}.limit':* | '${prefix}${scoped.week - 1}.rare' & '${prefix}${scoped.week - 1}.limit':*`,
      );
      // the lookup's statement (runs_matching_text): the word index alone finds the candidates
      const plan = await withTenant(db, tenant.orgId, async (tx) => {
        await tx.execute(sql`reset role`);
        return (
          await query<{ "QUERY PLAN": string }>(
            tx,
            sql`explain select run_id from runledger_search.run_text t
                where t.words @@ runledger_search.scoped_query(array['rare'],
                        array[runledger_search.text_scope(app_current_org_id(), runledger_search.week_of(now()))])
                  and coalesce(t.org_id, app_current_org_id()) = app_current_org_id()
                  and t.created_at + interval '0 s' >= '-infinity' and t.created_at + interval '0 s' < 'infinity'
                  and (t.doc || '') like '%needle-rare-77%'`,
          )
        )
          .map((l) => l["QUERY PLAN"])
          .join("\n");
      });
      expect(plan).toMatch(/Bitmap Index Scan on run_text_words/);
      expect(plan).not.toMatch(/run_text_trgm|run_text_org_created|Seq Scan/);
    });
  },
);
