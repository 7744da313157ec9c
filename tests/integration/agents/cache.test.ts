import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { matchResults, resumes } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import {
  createJob,
  getSteps,
  runToEnd,
  sampleUploads,
  setupOrg,
  startMatchingRun,
  uploadAll,
  uploadResume,
} from "../../helpers/agents";
import { describeDrivers, query } from "../../helpers/db";

type Hits = Record<string, number>;

/** The resume-reader memoises per content and UTC day ("– Present" ranges count up to today). */
const readerKey = (hash: string) => `${hash}@${new Date().toISOString().slice(0, 10)}`;

describeDrivers("agent cache (cache_state by content hash)", (t) => {
  async function hitsByAgent(orgId: string): Promise<Hits> {
    const rows = await query<{ agent: string; hits: number }>(
      t().db,
      sql`select agent, sum(hits)::int as hits from cache_state where org_id = ${orgId} group by agent`,
    );
    return Object.fromEntries(rows.map((r) => [r.agent, r.hits]));
  }

  async function matchesOf(orgId: string, runId: string) {
    const rows = await withTenant(t().db, orgId, (tx) =>
      tx.select().from(matchResults).where(eq(matchResults.runId, runId)),
    );
    return new Map(rows.map((r) => [r.resumeId, r]));
  }

  it("reuses cached parses with force_reprocess false and recomputes them with true", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const jd = await createJob(db, org.orgId);
    const { good, bad } = sampleUploads();
    const rows = await uploadAll(db, org.orgId, [good.pdf, good.docx, good.txt, good.html, bad.corrupt]);
    const [maya] = rows;
    const ids = rows.map((r) => r.id);

    // run 1: everything is computed and memoised
    const first = await runToEnd(
      t(),
      org.orgId,
      (await startMatchingRun(db, org, { jdId: jd.id, resumeIds: ids })).id,
    );
    expect(first.status, first.errorMessage ?? "").toBe("completed");
    const [extract1, jd1] = await getSteps(db, org.orgId, first.id);
    expect(extract1!.outputData).toMatchObject({ newly_extracted: 4, reused: 0, extracted_count: 4 });
    const entries = await query<{ agent: string; n: number }>(
      db,
      sql`select agent, count(*)::int as n from cache_state where org_id = ${org.orgId} group by agent order by agent`,
    );
    expect(entries).toEqual([
      { agent: "jd-reader", n: 1 },
      { agent: "resume-extractor", n: 4 },
      { agent: "resume-reader", n: 4 },
    ]);
    const before = await hitsByAgent(org.orgId);
    const scores1 = await matchesOf(org.orgId, first.id);

    // Mark the memo so a reuse is visible: Maya's cached profile loses its skills, and a second
    // upload of the Go resume's exact bytes (a new resume row, same content hash) must take the
    // extractor's cached text instead of parsing the PDF again.
    await query(
      db,
      sql`update cache_state set value = jsonb_set(value, '{skills}', '[]'::jsonb)
          where org_id = ${org.orgId} and agent = 'resume-reader' and content_hash = ${readerKey(maya!.contentHash)}`,
    );
    await query(
      db,
      sql`update cache_state set value = jsonb_build_object('text', value->>'text' || ' CACHED-MARKER')
          where org_id = ${org.orgId} and agent = 'resume-extractor' and content_hash = ${maya!.contentHash}`,
    );
    const duplicate = await uploadResume(db, org.orgId, { ...good.pdf, fileName: "maya-again.pdf" });
    expect(duplicate.contentHash).toBe(maya!.contentHash);

    // run 2, force_reprocess false: cached parses are reused
    const second = await runToEnd(
      t(),
      org.orgId,
      (
        await startMatchingRun(db, org, {
          jdId: jd.id,
          resumeIds: [...ids, duplicate.id],
          forceReprocess: false,
        })
      ).id,
    );
    expect(second.status, second.errorMessage ?? "").toBe("completed");
    const [extract2, jd2, read2] = await getSteps(db, org.orgId, second.id);
    // the four already-extracted resumes and the duplicate (from cache_state) are reused; the corrupt file is tried again
    expect(extract2!.outputData).toMatchObject({
      newly_extracted: 0,
      reused: 5,
      extracted_count: 5,
      failed_resume_ids: [rows[4]!.id],
    });
    expect(read2!.outputData).toMatchObject({ parsed_count: 5 });
    const afterReuse = await hitsByAgent(org.orgId);
    expect(afterReuse["resume-extractor"]! - (before["resume-extractor"] ?? 0)).toBe(1);
    expect(afterReuse["resume-reader"]! - (before["resume-reader"] ?? 0)).toBe(5);
    expect(afterReuse["jd-reader"]! - (before["jd-reader"] ?? 0)).toBe(1);
    expect(jd2!.outputData!.jd).toEqual(jd1!.outputData!.jd);

    const [dupRow] = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(resumes).where(eq(resumes.id, duplicate.id)),
    );
    expect(dupRow!.extractedText).toMatch(/CACHED-MARKER$/);
    const scores2 = await matchesOf(org.orgId, second.id);
    expect(scores2.get(maya!.id)!.matchedSkills).toEqual([]); // the memoised (marked) profile was used
    expect(scores2.get(maya!.id)!.score).toBeLessThan(scores1.get(maya!.id)!.score);
    for (const r of rows.slice(1, 4)) expect(scores2.get(r.id)!.score).toBe(scores1.get(r.id)!.score);

    // run 3, force_reprocess true: every file is parsed again and the memo rewritten
    const third = await runToEnd(
      t(),
      org.orgId,
      (
        await startMatchingRun(db, org, {
          jdId: jd.id,
          resumeIds: [...ids, duplicate.id],
          forceReprocess: true,
        })
      ).id,
    );
    expect(third.status, third.errorMessage ?? "").toBe("completed");
    const [extract3] = await getSteps(db, org.orgId, third.id);
    expect(extract3!.outputData).toMatchObject({ newly_extracted: 5, reused: 0, extracted_count: 5 });
    expect(await hitsByAgent(org.orgId)).toEqual(afterReuse); // no lookups at all
    const scores3 = await matchesOf(org.orgId, third.id);
    expect(scores3.get(maya!.id)!.score).toBe(scores1.get(maya!.id)!.score);
    expect(scores3.get(duplicate.id)!.score).toBe(scores1.get(maya!.id)!.score);
    const [again] = await withTenant(db, org.orgId, (tx) =>
      tx
        .select({ text: resumes.extractedText })
        .from(resumes)
        .where(and(eq(resumes.id, duplicate.id), eq(resumes.orgId, org.orgId))),
    );
    expect(again!.text).not.toMatch(/CACHED-MARKER/);
    const [memo] = await query<{ skills: number }>(
      db,
      sql`select jsonb_array_length(value->'skills') as skills from cache_state
          where org_id = ${org.orgId} and agent = 'resume-reader' and content_hash = ${readerKey(maya!.contentHash)}`,
    );
    expect(memo!.skills).toBeGreaterThan(0);
  });
});
