import { describe, expect, it } from "vitest";
import {
  pairwiseAccuracy,
  rankingAccuracy,
  type ScoredPair,
  scoreFixtures,
} from "@/lib/agents/matching/ranking-eval";
import { fixtureJobs, fixtureLabels, fixtureResumes } from "@/lib/agents/matching/ranking-fixtures";

describe("ranking fixtures", () => {
  it("has at least 4 jobs and 30 labelled pairs with resolvable ids", () => {
    expect(fixtureJobs.length).toBeGreaterThanOrEqual(4);
    expect(fixtureLabels.length).toBeGreaterThanOrEqual(30);
    const jobIds = new Set(fixtureJobs.map((j) => j.id));
    const resumeIds = new Set(fixtureResumes.map((r) => r.id));
    for (const label of fixtureLabels) {
      expect(jobIds).toContain(label.jobId);
      expect(resumeIds).toContain(label.resumeId);
    }
  });

  it("labels every job with at least three distinct relevance levels and no duplicates", () => {
    for (const job of fixtureJobs) {
      const labels = fixtureLabels.filter((l) => l.jobId === job.id);
      expect(new Set(labels.map((l) => l.label)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(labels.map((l) => l.resumeId)).size).toBe(labels.length);
    }
  });
});

describe("pairwiseAccuracy", () => {
  const pair = (jobId: string, resumeId: string, label: number, score: number): ScoredPair => ({
    jobId,
    resumeId,
    label,
    score,
    band: "poor",
  });

  it("counts only pairs under the same job with different labels, ties as wrong", () => {
    const report = pairwiseAccuracy([
      pair("a", "r1", 3, 90),
      pair("a", "r2", 1, 40),
      pair("a", "r3", 1, 95),
      pair("a", "r4", 0, 40),
      pair("b", "r1", 0, 99),
    ]);
    // (r1>r2 ✓) (r1>r3 ✗) (r1>r4 ✓) (r2>r4 tie ✗) (r3>r4 ✓)
    expect(report).toMatchObject({ pairs: 5, correct: 3, accuracy: 0.6, jobs: 2, labelledPairs: 5 });
    expect(report.misordered).toHaveLength(2);
  });

  it("reports zero accuracy when there is nothing to compare", () => {
    expect(pairwiseAccuracy([]).accuracy).toBe(0);
  });
});

describe("ranking quality on the labelled fixtures", () => {
  it("orders at least 90% of differently-labelled pairs correctly", () => {
    const report = rankingAccuracy();
    expect(report.pairs).toBeGreaterThanOrEqual(60);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("puts every strong fit in the good or excellent band and every wrong-field resume in poor", () => {
    for (const scored of scoreFixtures()) {
      if (scored.label === 3) expect(["excellent", "good"], scored.resumeId).toContain(scored.band);
      if (scored.label === 0) expect(scored.band, `${scored.jobId}/${scored.resumeId}`).toBe("poor");
    }
  });
});
