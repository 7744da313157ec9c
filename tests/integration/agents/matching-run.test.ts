import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { matchResults, resumes } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { bandFor } from "@/lib/agents/matching/comparator";
import { defaultExtractLimits } from "@/lib/agents/matching/extract";
import {
  createJob,
  getRun,
  getSteps,
  runToEnd,
  sampleUploads,
  setupOrg,
  startMatchingRun,
  testWorker,
  textUpload,
  until,
  uploadAll,
} from "../../helpers/agents";
import { buildDocxBomb } from "../../fixtures/zip-bombs";
import { describeDrivers, query } from "../../helpers/db";

describeDrivers("AI Resume Matching through a Worker", (t) => {
  it("extracts PDF, DOCX, TXT, MD and HTML, records bad files on their resumes, and scores the rest", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const jd = await createJob(db, org.orgId);
    const { good, bad } = sampleUploads();
    const goodRows = await uploadAll(db, org.orgId, [good.pdf, good.docx, good.txt, good.md, good.html]);
    const badRows = await uploadAll(db, org.orgId, [bad.encrypted, bad.corrupt, bad.empty]);
    const all = [...goodRows, ...badRows];

    const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: all.map((r) => r.id) });
    expect(started.totalResumes).toBe(8);
    const run = await runToEnd(t(), org.orgId, started.id);

    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(run.processedResumes).toBe(run.totalResumes);
    expect(run.progress).toEqual({ completed_steps: 4, total_steps: 4, percentage: 100 });

    // bad files: recorded on their resume rows and in the extractor's output; the others went on
    const rows = await withTenant(db, org.orgId, (tx) =>
      tx
        .select()
        .from(resumes)
        .where(
          inArray(
            resumes.id,
            all.map((r) => r.id),
          ),
        ),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const encrypted = byId.get(badRows[0]!.id)!;
    const corrupt = byId.get(badRows[1]!.id)!;
    const empty = byId.get(badRows[2]!.id)!;
    expect(encrypted.status).toBe("failed");
    expect(encrypted.parseError).toMatch(/^encrypted: /);
    expect(corrupt.status).toBe("failed");
    expect(corrupt.parseError).toMatch(/^unreadable: /);
    expect(empty.status).toBe("failed");
    expect(empty.parseError).toMatch(/^empty: /);
    for (const r of goodRows) {
      const row = byId.get(r.id)!;
      expect(row.status, `${r.fileName}: ${row.parseError}`).toBe("parsed");
      expect(row.extractedText?.length).toBeGreaterThan(100);
      expect(row.parsed).not.toBeNull();
    }
    // contact details come from the documents themselves
    expect(byId.get(goodRows[0]!.id)!.email).toBe("maya.patel@example.com");

    const steps = await getSteps(db, org.orgId, run.id);
    expect(steps.map((s) => [s.stepType, s.status])).toEqual([
      ["resume_extraction", "completed"],
      ["jd_reading", "completed"],
      ["resume_reading", "completed"],
      ["hr_comparison", "completed"],
    ]);
    const [extractor, jdReader, reader, comparator] = steps;
    const out = extractor!.outputData!;
    expect(out.extracted_count).toBe(5);
    expect([...(out.extracted_resume_ids as string[])].sort()).toEqual(goodRows.map((r) => r.id).sort());
    expect([...(out.failed_resume_ids as string[])].sort()).toEqual(badRows.map((r) => r.id).sort());
    const failed = out.failed as { resume_id: string; file_name: string; code: string }[];
    expect(failed.find((f) => f.resume_id === encrypted.id)).toMatchObject({
      code: "encrypted",
      file_name: encrypted.fileName,
    });
    expect(failed.find((f) => f.resume_id === corrupt.id)).toMatchObject({
      code: "unreadable",
      file_name: corrupt.fileName,
    });
    expect(failed.find((f) => f.resume_id === empty.id)).toMatchObject({
      code: "empty",
      file_name: empty.fileName,
    });
    expect(extractor!.metadata).toMatchObject({ agent: "resume-extractor" });

    expect(jdReader!.outputData!.required_skills).toEqual(
      expect.arrayContaining(["Go", "Kubernetes", "PostgreSQL"]),
    );
    // the reader got only the extractor's readable resumes (data binding)
    expect(reader!.outputData!.parsed_count).toBe(5);
    expect(reader!.outputData!.skipped).toBe(0);

    // every step went release → claim → complete, with items counted for the resume agents
    for (const s of steps) {
      const types = s.events.map((e) => e.type);
      expect(types, s.stepName).toEqual(
        expect.arrayContaining(["step.created", "step.release", "step.claim", "step.complete"]),
      );
      expect(types.indexOf("step.release")).toBeLessThan(types.indexOf("step.claim"));
      expect(types.indexOf("step.claim")).toBeLessThan(types.indexOf("step.complete"));
      expect(s.attempt).toBe(1);
    }
    expect([extractor!.processedItems, extractor!.totalItems]).toEqual([8, 8]);
    expect([reader!.processedItems, reader!.totalItems]).toEqual([5, 5]);
    expect([comparator!.processedItems, comparator!.totalItems]).toEqual([5, 5]);

    // match results: one per readable resume, band consistent with the score
    const matches = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(matchResults).where(eq(matchResults.runId, run.id)),
    );
    expect(matches).toHaveLength(5);
    expect(matches.map((m) => m.resumeId).sort()).toEqual(goodRows.map((r) => r.id).sort());
    for (const m of matches) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(100);
      expect(m.band).toBe(bandFor(m.score));
      expect(m.jdId).toBe(jd.id);
      expect(Array.isArray(m.matchedSkills) && Array.isArray(m.missingSkills)).toBe(true);
      expect(m.explanation.components).toBeDefined();
      expect(m.rationale).toBeNull();
    }
    // the Go backend resume matches the Go backend job best, and well
    const maya = matches.find((m) => m.resumeId === goodRows[0]!.id)!;
    expect(maya.band).toBe("excellent");
    expect(maya.matchedSkills).toEqual(expect.arrayContaining(["Go", "Kubernetes"]));
    expect(Math.max(...matches.map((m) => m.score))).toBe(maya.score);

    // run.results are the band counts; metrics summarise them
    const counts = { excellent_matches: 0, good_matches: 0, average_matches: 0, poor_matches: 0 };
    for (const m of matches) counts[`${m.band}_matches`]++;
    expect(run.results).toEqual(counts);
    const mean = Math.round((matches.reduce((s, m) => s + m.score, 0) / matches.length) * 10) / 10;
    expect(run.metrics.match_rate).toBeCloseTo(mean, 1);
    expect(run.metrics.top_matches).toBe(counts.excellent_matches + counts.good_matches);
    expect(run.metrics.total_candidates).toBe(8);
    expect(run.metrics.processing_time_ms).toEqual(expect.any(Number));
    expect(run.metrics.processing_time_ms as number).toBeGreaterThanOrEqual(0);
    expect(comparator!.outputData).toMatchObject({
      results: counts,
      top_matches: run.metrics.top_matches,
      compared: 5,
    });
    const ranked = comparator!.outputData!.matches as { score: number }[];
    expect(ranked.map((m) => m.score)).toEqual([...ranked.map((m) => m.score)].sort((a, b) => b - a));

    // without an LLM the comparator says so
    expect(run.tier).toBe(2);
    expect(run.tierReason).toMatch(/no LLM configured/);
    expect(run.llmModel).toBeNull();
    expect(comparator!.llmModel).toBeNull();
  });

  it("a zip bomb in the batch is that resume's too_large error: its parse costs no heartbeat and the rest is scored", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const jd = await createJob(db, org.orgId);
    const bomb = {
      fileName: `bomb-${org.orgId.slice(0, 8)}.docx`,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      bytes: buildDocxBomb(Math.ceil(defaultExtractLimits.maxInflatedBytes / 1_048_576) + 16),
    };
    const rows = await uploadAll(db, org.orgId, [textUpload(0), bomb, textUpload(1)]);
    const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
    // a lease shorter than the bomb takes to refuse: a blocked event loop would lose it and run the step again
    const run = await runToEnd(t(), org.orgId, started.id, { leaseMs: 1_500, heartbeatMs: 300 });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    const steps = await getSteps(db, org.orgId, run.id);
    expect(steps.map((s) => [s.stepType, s.status, s.attempt])).toEqual([
      ["resume_extraction", "completed", 1],
      ["jd_reading", "completed", 1],
      ["resume_reading", "completed", 1],
      ["hr_comparison", "completed", 1],
    ]);
    const [bombRow] = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(resumes).where(eq(resumes.id, rows[1]!.id)),
    );
    expect(bombRow).toMatchObject({
      status: "failed",
      parseError: expect.stringMatching(/^too_large: .*64 MB/),
    });
    expect(steps[0]!.outputData).toMatchObject({ extracted_count: 2, failed_resume_ids: [rows[1]!.id] });
    const [scored] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from match_results where run_id = ${run.id}`,
    );
    expect(scored!.n).toBe(2);
  });

  it("a job description that no longer exists fails the run in words a recruiter can act on, not its id", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const jd = await createJob(db, org.orgId);
    const rows = await uploadAll(db, org.orgId, [textUpload(0)]);
    const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
    // the run's inputs name a job description that is not there (run inputs win over the batch columns)
    const missing = randomUUID();
    await db.execute(
      sql`update workflow_runs set inputs = inputs || jsonb_build_object('jd_id', ${missing}::text) where id = ${started.id}`,
    );
    const run = await runToEnd(t(), org.orgId, started.id);
    expect(run.status).toBe("failed");
    const jdStep = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "jd_reading")!;
    expect(jdStep).toMatchObject({ status: "failed", attempt: 1 });
    expect(jdStep.errorMessage).toBe(
      "The run's job description no longer exists (deleted, or never of this organization)",
    );
    expect(JSON.stringify([run.errorMessage, jdStep.errorMessage, jdStep.errorDetails])).not.toContain(
      missing,
    );
  });

  it("moves processed_items and processed_resumes while a large batch is processed", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const jd = await createJob(db, org.orgId);
    const total = 80;
    const rows = await uploadAll(
      db,
      org.orgId,
      Array.from({ length: total }, (_, i) => textUpload(i)),
    );
    const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
    const seen = { steps: new Map<string, Set<number>>(), runProcessed: new Set<number>() };
    const worker = testWorker(t(), { handlerOptions: { progressEveryMs: 0 } });
    await worker.start();
    try {
      const run = await until(
        "the run to end",
        async () => {
          const [steps, run] = await Promise.all([
            getSteps(db, org.orgId, started.id),
            getRun(db, org.orgId, started.id),
          ]);
          for (const s of steps) {
            if (!seen.steps.has(s.stepType)) seen.steps.set(s.stepType, new Set());
            seen.steps.get(s.stepType)!.add(s.processedItems);
          }
          seen.runProcessed.add(run.processedResumes);
          return ["completed", "failed", "cancelled", "timeout"].includes(run.status) ? run : null;
        },
        // a bound for a hung run, not a speed check: loaded CI machines are slow
        170_000,
        5,
      );
      expect(run.status, run.errorMessage ?? "").toBe("completed");
      expect(run.processedResumes).toBe(total);
    } finally {
      await worker.stop(5_000);
    }
    const between = (values: Set<number> | undefined) =>
      [...(values ?? [])].filter((v) => v > 0 && v < total);
    expect(
      between(seen.steps.get("resume_extraction")).length,
      "extractor progress mid-batch",
    ).toBeGreaterThan(0);
    expect(between(seen.steps.get("resume_reading")).length, "reader progress mid-batch").toBeGreaterThan(0);
    expect(between(seen.steps.get("hr_comparison")).length, "comparator progress mid-batch").toBeGreaterThan(
      0,
    );
    expect(between(seen.runProcessed).length, "run.processed_resumes mid-batch").toBeGreaterThan(0);
    const [count] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from match_results where run_id = ${started.id}`,
    );
    expect(count?.n).toBe(total);
  }, 200_000);
});
