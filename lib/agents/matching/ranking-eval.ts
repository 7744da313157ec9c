// Pairwise ordering accuracy of the matching pipeline on the labelled fixtures.
// For every two resumes under the same job with different labels, the one with the higher label
// must get the strictly higher score; a tie counts as wrong.
import type { MatchBand } from "@/db/schema/enums";
import { compare } from "./comparator";
import { readJobDescription } from "./jd-reader";
import {
  FIXTURE_NOW,
  type FixtureJob,
  type FixtureLabel,
  type FixtureResume,
  fixtureJobs,
  fixtureLabels,
  fixtureResumes,
} from "./ranking-fixtures";
import { readResume } from "./resume-reader";

export interface ScoredPair {
  jobId: string;
  resumeId: string;
  label: number;
  score: number;
  band: MatchBand;
}

export interface Misordered {
  jobId: string;
  higher: { resumeId: string; label: number; score: number };
  lower: { resumeId: string; label: number; score: number };
}

export interface RankingReport {
  /** correct / pairs, 0–1. */
  accuracy: number;
  pairs: number;
  correct: number;
  labelledPairs: number;
  jobs: number;
  misordered: Misordered[];
}

export interface FixtureSet {
  jobs: readonly FixtureJob[];
  resumes: readonly FixtureResume[];
  labels: readonly FixtureLabel[];
  now: Date;
}

export const defaultFixtureSet: FixtureSet = {
  jobs: fixtureJobs,
  resumes: fixtureResumes,
  labels: fixtureLabels,
  now: FIXTURE_NOW,
};

function byId<T extends { id: string }>(items: readonly T[], id: string, kind: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`ranking fixtures: unknown ${kind} "${id}"`);
  return found;
}

/** Runs the full reader + comparator pipeline over every labelled pair. */
export function scoreFixtures(set: FixtureSet = defaultFixtureSet): ScoredPair[] {
  const jds = new Map(set.jobs.map((job) => [job.id, readJobDescription(job.text, job.title)]));
  return set.labels.map((entry) => {
    const job = byId(set.jobs, entry.jobId, "job");
    const resume = byId(set.resumes, entry.resumeId, "resume");
    const jd = jds.get(job.id) ?? readJobDescription(job.text, job.title);
    const result = compare(jd, readResume(resume.text, set.now), {
      jdText: job.text,
      resumeText: resume.text,
    });
    return { jobId: job.id, resumeId: resume.id, label: entry.label, score: result.score, band: result.band };
  });
}

export function pairwiseAccuracy(scored: readonly ScoredPair[]): RankingReport {
  let pairs = 0;
  let correct = 0;
  const misordered: Misordered[] = [];
  for (const [i, a] of scored.entries()) {
    for (const b of scored.slice(i + 1)) {
      if (a.jobId !== b.jobId || a.label === b.label) continue;
      pairs++;
      const [higher, lower] = a.label > b.label ? [a, b] : [b, a];
      if (higher.score > lower.score) correct++;
      else misordered.push({ jobId: a.jobId, higher: pick(higher), lower: pick(lower) });
    }
  }
  return {
    accuracy: pairs === 0 ? 0 : correct / pairs,
    pairs,
    correct,
    labelledPairs: scored.length,
    jobs: new Set(scored.map((s) => s.jobId)).size,
    misordered,
  };
}

function pick(pair: ScoredPair) {
  return { resumeId: pair.resumeId, label: pair.label, score: pair.score };
}

export function rankingAccuracy(set: FixtureSet = defaultFixtureSet): RankingReport {
  return pairwiseAccuracy(scoreFixtures(set));
}
