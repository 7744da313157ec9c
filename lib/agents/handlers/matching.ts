import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type JobDescription, jobDescriptions, matchResults, type Resume, resumes } from "@/db/schema";
import type { MatchBand } from "@/db/schema/enums";
import { cacheGet, cachePut } from "../cache";
import { llmConfigFromEnv } from "../llm/config";
import { type LlmConfig, requestRationales } from "../llm/rationale";
import { compare } from "../matching/comparator";
import { extractText } from "../matching/extract";
import { type JobRequirements, readJobDescription } from "../matching/jd-reader";
import { type ResumeProfile, readResume } from "../matching/resume-reader";
import { checkAborted, type HandlerContext, StepError, type StepHandler, withLlmUsage } from "../types";

/** Resumes are read in chunks so a batch of a thousand never holds every file in memory. */
const CHUNK = 25;
/** Progress writes at most this often (plus at the end), so large batches do not flood the database. */
const PROGRESS_EVERY_MS = 250;

export type MatchingOptions = {
  /** Minimum interval between progress writes (default 250 ms); 0 writes after every resume. */
  progressEveryMs?: number;
  /** The LLM for the comparator's rationales; by default LLM_* as set when the step runs. */
  llm?: () => LlmConfig | null;
  /** fetch for the LLM provider (tests). */
  fetch?: typeof fetch;
};

function resumeIdsOf(ctx: HandlerContext): string[] {
  const ids = Array.isArray(ctx.input.resume_ids) ? ctx.input.resume_ids : ctx.run.resumeIds;
  return ids.filter((x): x is string => typeof x === "string");
}

function forceOf(ctx: HandlerContext): boolean {
  return typeof ctx.input.force_reprocess === "boolean" ? ctx.input.force_reprocess : ctx.run.forceReprocess;
}

/**
 * Lets the event loop run between resumes. With PGlite every query resolves without real I/O, so a
 * batch would otherwise hold the process for its whole length: in embedded mode the web server
 * (and its live progress views) could not answer until the step ended.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function progressReporter(ctx: HandlerContext, total: number, everyMs: number, countsResumes = false) {
  let last = 0;
  return async (done: number, final = false) => {
    await yieldToEventLoop();
    const now = Date.now();
    if (!final && now - last < everyMs) return;
    last = now;
    // the comparator's progress is also the run's processed_resumes
    await ctx.progress(done, total, countsResumes ? { processedResumes: done } : undefined);
  };
}

async function* chunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>) {
  for (let i = 0; i < ids.length; i += CHUNK) yield await load(ids.slice(i, i + CHUNK));
}

type ExtractOutcome =
  | { ok: true; text: string; reused: boolean }
  | { ok: false; code: string; message: string };

/**
 * One resume through the extractor. Unless forced, text already on the row is kept and a file whose
 * bytes were read before (same content hash, e.g. uploaded twice) takes the memoised text.
 */
async function extractOne(ctx: HandlerContext, resume: Resume, force: boolean): Promise<ExtractOutcome> {
  if (!force && resume.extractedText && resume.status !== "failed")
    return { ok: true, text: resume.extractedText, reused: true };
  const orgId = ctx.run.orgId;
  const cached = force
    ? null
    : await ctx.tenant((tx) => cacheGet<{ text: string }>(tx, orgId, "resume-extractor", resume.contentHash));
  const result = cached
    ? ({ ok: true, text: cached.text } as const)
    : await extractText({
        bytes: resume.fileData ?? new Uint8Array(),
        fileName: resume.fileName,
        mimeType: resume.mimeType,
      });
  await ctx.tenant(async (tx) => {
    if (result.ok) {
      await tx
        .update(resumes)
        .set({ extractedText: result.text, status: "extracted", parseError: null })
        .where(eq(resumes.id, resume.id));
      if (!cached) await cachePut(tx, orgId, "resume-extractor", resume.contentHash, { text: result.text });
    } else {
      await tx
        .update(resumes)
        .set({ status: "failed", parseError: `${result.error.code}: ${result.error.message}` })
        .where(eq(resumes.id, resume.id));
    }
  });
  return result.ok
    ? { ok: true, text: result.text, reused: cached !== null }
    : { ok: false, ...result.error };
}

/** One resume through the reader: the profile memoised by content hash unless forced; kept on the resume. */
async function readOne(
  ctx: HandlerContext,
  r: { id: string; text: string; hash: string; name: string | null },
  force: boolean,
): Promise<ResumeProfile> {
  const orgId = ctx.run.orgId;
  // "2019 – Present" counts up to today, so a profile is the same only for the same content on the
  // same (UTC) day: the date is part of the key.
  const now = new Date();
  const key = `${r.hash}@${now.toISOString().slice(0, 10)}`;
  return ctx.tenant(async (tx) => {
    const cached = force ? null : await cacheGet<ResumeProfile>(tx, orgId, "resume-reader", key);
    const profile = cached ?? readResume(r.text, now);
    if (!cached) await cachePut(tx, orgId, "resume-reader", key, profile);
    await tx
      .update(resumes)
      .set({
        parsed: profile,
        status: "parsed",
        candidateName: r.name ?? profile.name,
        email: profile.contact.email,
        phone: profile.contact.phone,
      })
      .where(eq(resumes.id, r.id));
    return profile;
  });
}

/**
 * A resume no reader has parsed yet — in workflows without the extractor and reader, such as the
 * Candidate Pipeline's screening step — is extracted and read on the spot; null if it is unreadable.
 */
async function readUnparsed(ctx: HandlerContext, id: string, force: boolean) {
  const [resume] = await ctx.tenant((tx) =>
    tx
      .select()
      .from(resumes)
      .where(and(eq(resumes.orgId, ctx.run.orgId), eq(resumes.id, id))),
  );
  if (!resume) return null;
  const extracted = await extractOne(ctx, resume, force);
  if (!extracted.ok) return null;
  const profile = await readOne(
    ctx,
    { id, text: extracted.text, hash: resume.contentHash, name: resume.candidateName },
    force,
  );
  return { profile, text: extracted.text };
}

/** resume-extractor: text out of PDF, DOCX, TXT/MD and HTML; an unreadable file is that resume's error only. */
const resumeExtraction =
  (opts: Resolved): StepHandler =>
  async (ctx) => {
    const ids = resumeIdsOf(ctx);
    const force = forceOf(ctx);
    const report = progressReporter(ctx, ids.length, opts.progressEveryMs);
    let done = 0;
    let extracted = 0;
    let reused = 0;
    const readable: string[] = [];
    const failed: { resume_id: string; file_name: string; code: string; message: string }[] = [];
    for await (const batch of chunks(ids, (chunk) =>
      ctx.tenant((tx) =>
        tx
          .select()
          .from(resumes)
          .where(and(eq(resumes.orgId, ctx.run.orgId), inArray(resumes.id, chunk))),
      ),
    )) {
      for (const resume of batch) {
        checkAborted(ctx.signal);
        const outcome = await extractOne(ctx, resume, force);
        if (outcome.ok) {
          if (outcome.reused) reused++;
          else extracted++;
          readable.push(resume.id);
        } else {
          failed.push({
            resume_id: resume.id,
            file_name: resume.fileName,
            code: outcome.code,
            message: outcome.message,
          });
        }
        await report(++done);
      }
    }
    const missing = ids.length - done;
    if (missing > 0)
      throw new StepError(`${missing} resume(s) of this run no longer exist`, { retryable: false });
    await report(done, true);
    return {
      output: {
        extracted_resume_ids: readable,
        failed_resume_ids: failed.map((f) => f.resume_id),
        extracted_count: readable.length,
        newly_extracted: extracted,
        reused,
        failed,
      },
      metadata: { agent: "resume-extractor" },
    };
  };

/**
 * The requirements of a job description, memoised by a hash of its title and text (so an edited
 * description is read again) and kept on the row.
 */
async function readJd(tx: Tx, jd: JobDescription, force: boolean): Promise<JobRequirements> {
  const hash = createHash("sha256").update(`${jd.title}\n${jd.description}`).digest("hex");
  const cached = force ? null : await cacheGet<JobRequirements>(tx, jd.orgId, "jd-reader", hash);
  const requirements = cached ?? readJobDescription(jd.description, jd.title);
  if (!cached) await cachePut(tx, jd.orgId, "jd-reader", hash, requirements);
  await tx.update(jobDescriptions).set({ parsed: requirements }).where(eq(jobDescriptions.id, jd.id));
  return requirements;
}

/** Words a recruiter can act on; the step's input keeps which id it was (no internal ids in errors). */
const JD_NOT_FOUND = "The run's job description no longer exists (deleted, or never of this organization)";

/** jd-reader: required and nice-to-have skills, minimum years, education, seniority. */
const jdReading = (): StepHandler => async (ctx) => {
  const jdId = typeof ctx.input.jd_id === "string" ? ctx.input.jd_id : ctx.run.jdId;
  if (!jdId) throw new StepError('input "jd_id" is required', { retryable: false });
  const parsed = await ctx.tenant(async (tx) => {
    const [jd] = await tx
      .select()
      .from(jobDescriptions)
      .where(and(eq(jobDescriptions.orgId, ctx.run.orgId), eq(jobDescriptions.id, jdId)));
    if (!jd) throw new StepError(JD_NOT_FOUND, { retryable: false });
    return readJd(tx, jd, forceOf(ctx));
  });
  await ctx.progress(1, 1);
  return {
    output: {
      jd_id: jdId,
      jd: parsed,
      required_skills: parsed.requiredSkills,
      nice_to_have_skills: parsed.niceToHaveSkills,
      min_years: parsed.minYears,
      education: parsed.education,
      seniority: parsed.seniority,
    },
    metadata: { agent: "jd-reader" },
  };
};

/** resume-reader: skills, years from date ranges, education, titles, contact (kept on the resume, never logged). */
const resumeReading =
  (opts: Resolved): StepHandler =>
  async (ctx) => {
    const ids = resumeIdsOf(ctx);
    const force = forceOf(ctx);
    const report = progressReporter(ctx, ids.length, opts.progressEveryMs);
    let done = 0;
    let parsed = 0;
    let skipped = 0;
    const candidates: { resume_id: string }[] = [];
    for await (const batch of chunks(ids, (chunk) =>
      ctx.tenant((tx) =>
        tx
          .select({
            id: resumes.id,
            text: resumes.extractedText,
            hash: resumes.contentHash,
            status: resumes.status,
            name: resumes.candidateName,
          })
          .from(resumes)
          .where(and(eq(resumes.orgId, ctx.run.orgId), inArray(resumes.id, chunk))),
      ),
    )) {
      for (const r of batch) {
        checkAborted(ctx.signal);
        if (!r.text || r.status === "failed") {
          skipped++;
        } else {
          await readOne(ctx, { id: r.id, text: r.text, hash: r.hash, name: r.name }, force);
          parsed++;
          candidates.push({ resume_id: r.id });
        }
        await report(++done);
      }
    }
    await report(done, true);
    return { output: { candidates, parsed_count: parsed, skipped }, metadata: { agent: "resume-reader" } };
  };

const bandKeys: Record<MatchBand, string> = {
  excellent: "excellent_matches",
  good: "good_matches",
  average: "average_matches",
  poor: "poor_matches",
};

/**
 * hr-comparator: an explainable 0–100 score per resume, saved to match_results
 * (one per run and resume: a retried attempt overwrites, never duplicates),
 * then the run's results (counts per band), metrics, tier and LLM usage as a
 * run patch that the engine writes in the fenced completion. With an LLM
 * configured, the top matches also get a written rationale.
 */
const hrComparison =
  (opts: Resolved): StepHandler =>
  async (ctx) => {
    const all = ctx.run.resumeIds;
    const force = forceOf(ctx);
    // the Resume Reader's candidates when bound; otherwise the step's (or the run's) resumes
    const ids = Array.isArray(ctx.input.candidates)
      ? ctx.input.candidates.flatMap((c) =>
          c && typeof c === "object" && typeof (c as { resume_id?: unknown }).resume_id === "string"
            ? [(c as { resume_id: string }).resume_id]
            : [],
        )
      : resumeIdsOf(ctx);
    const jdId = typeof ctx.input.jd_id === "string" ? ctx.input.jd_id : ctx.run.jdId;
    if (!jdId) throw new StepError('input "jd_id" is required', { retryable: false });
    const [jd] = await ctx.tenant((tx) =>
      tx
        .select()
        .from(jobDescriptions)
        .where(and(eq(jobDescriptions.orgId, ctx.run.orgId), eq(jobDescriptions.id, jdId))),
    );
    if (!jd) throw new StepError(JD_NOT_FOUND, { retryable: false });
    const fromReader =
      ctx.input.jd && typeof ctx.input.jd === "object" ? (ctx.input.jd as JobRequirements) : null;
    // without the JD Reader bound (the Candidate Pipeline), read it here: a stored parse may predate an edit
    const requirements = fromReader ?? (await ctx.tenant((tx) => readJd(tx, jd, force)));
    const report = progressReporter(ctx, ids.length, opts.progressEveryMs, true);
    let done = 0;
    const scored: {
      resumeId: string;
      name: string | null;
      score: number;
      band: MatchBand;
      matched: string[];
      missing: string[];
    }[] = [];
    for await (const batch of chunks(ids, (chunk) =>
      ctx.tenant((tx) =>
        tx
          .select({
            id: resumes.id,
            parsed: resumes.parsed,
            text: resumes.extractedText,
            name: resumes.candidateName,
          })
          .from(resumes)
          .where(and(eq(resumes.orgId, ctx.run.orgId), inArray(resumes.id, chunk))),
      ),
    )) {
      for (const r of batch) {
        checkAborted(ctx.signal);
        const read = r.parsed
          ? { profile: r.parsed as unknown as ResumeProfile, text: r.text }
          : await readUnparsed(ctx, r.id, force);
        if (read) {
          const c = compare(requirements, read.profile, {
            jdText: jd.description,
            resumeText: read.text ?? undefined,
          });
          await ctx.tenant((tx) =>
            tx
              .insert(matchResults)
              .values({
                orgId: ctx.run.orgId,
                runId: ctx.run.id,
                jdId: jd.id,
                resumeId: r.id,
                score: c.score,
                band: c.band,
                matchedSkills: c.matchedSkills,
                missingSkills: c.missingSkills,
                explanation: { ...c.explanation, nice_to_have_matched: c.niceToHaveMatched },
              })
              .onConflictDoUpdate({
                target: [matchResults.runId, matchResults.resumeId],
                set: {
                  score: c.score,
                  band: c.band,
                  matchedSkills: c.matchedSkills,
                  missingSkills: c.missingSkills,
                  explanation: { ...c.explanation, nice_to_have_matched: c.niceToHaveMatched },
                },
              }),
          );
          scored.push({
            resumeId: r.id,
            name: r.name,
            score: c.score,
            band: c.band,
            matched: c.matchedSkills,
            missing: c.missingSkills,
          });
        }
        await report(++done);
      }
    }
    await report(done, true);

    const llm = opts.llm();
    const rationale =
      llm && scored.length
        ? await requestRationales(llm, requirements, scored, ctx.signal, opts.fetch)
        : null;

    // what the provider calls cost, used or not: a fallback after three unusable answers still spent
    // them, and so does an attempt that fails after the provider answered (the engine records them)
    const spent =
      rationale && (rationale.ok || rationale.tokens > 0)
        ? {
            model: rationale.model,
            prompt: rationale.prompt,
            response: rationale.response,
            tokensUsed: rationale.tokens,
          }
        : null;
    try {
      return await ctx.tenant(async (tx) => {
        if (rationale?.ok) {
          for (const [resumeId, text] of Object.entries(rationale.rationales)) {
            await tx
              .update(matchResults)
              .set({ rationale: text })
              .where(and(eq(matchResults.runId, ctx.run.id), eq(matchResults.resumeId, resumeId)));
          }
        }
        const counts = await tx
          .select({
            band: matchResults.band,
            n: sql<number>`count(*)::int`,
            avg: sql<number>`avg(${matchResults.score})::float`,
          })
          .from(matchResults)
          .where(eq(matchResults.runId, ctx.run.id))
          .groupBy(matchResults.band);
        const results: Record<string, number> = {
          excellent_matches: 0,
          good_matches: 0,
          average_matches: 0,
          poor_matches: 0,
        };
        let total = 0;
        let sum = 0;
        for (const c of counts) {
          results[bandKeys[c.band]] = c.n;
          total += c.n;
          sum += c.avg * c.n;
        }
        const metrics = {
          total_candidates: all.length,
          processing_time_ms: ctx.run.startedAt ? Date.now() - ctx.run.startedAt.getTime() : 0,
          // mean score of the compared resumes, 0–100
          match_rate: total ? Math.round((sum / total) * 10) / 10 : 0,
          // excellent + good
          top_matches: (results.excellent_matches ?? 0) + (results.good_matches ?? 0),
          compared: total,
        };
        const tier = rationale?.ok ? 1 : 2;
        const tierReason = !llm
          ? "Deterministic scoring (no LLM configured)"
          : rationale?.ok
            ? `Deterministic scores with ${llm.model} rationales`
            : `LLM unavailable (${rationale?.error ?? "no candidates"}); deterministic scores only`;
        const matches = [...scored]
          .sort((a, b) => b.score - a.score)
          .map((s) => ({ resume_id: s.resumeId, score: s.score, band: s.band }));
        return {
          output: {
            matches,
            results,
            match_rate: metrics.match_rate,
            top_matches: metrics.top_matches,
            compared: total,
          },
          metadata: { agent: "hr-comparator", tier, tier_reason: tierReason },
          // written on the run by the engine in the fenced completion: an attempt that lost its
          // lease writes nothing, so a retried comparator counts its tokens once
          runPatch: {
            results,
            metrics,
            // every resume has been through the pipeline, including those whose file could not be read
            processedResumes: all.length,
            tier,
            tierReason,
            ...(spent ? { llm: spent } : {}),
          },
          llm: spent,
        };
      });
    } catch (error) {
      throw withLlmUsage(error, spent);
    }
  };

type Resolved = { progressEveryMs: number; llm: () => LlmConfig | null; fetch: typeof fetch | undefined };

/** The four agents, with the progress interval and the LLM source injectable (tests, benchmarks). */
export function createMatchingHandlers(options: MatchingOptions = {}) {
  const opts: Resolved = {
    progressEveryMs: Math.max(0, options.progressEveryMs ?? PROGRESS_EVERY_MS),
    llm: options.llm ?? (() => llmConfigFromEnv()),
    fetch: options.fetch,
  };
  return {
    resume_extraction: resumeExtraction(opts),
    jd_reading: jdReading(),
    resume_reading: resumeReading(opts),
    hr_comparison: hrComparison(opts),
  } satisfies Record<string, StepHandler>;
}

const defaults = createMatchingHandlers();
export const resumeExtractionHandler = defaults.resume_extraction;
export const jdReadingHandler = defaults.jd_reading;
export const resumeReadingHandler = defaults.resume_reading;
export const hrComparisonHandler = defaults.hr_comparison;
