// Scores for the demo's historical matching runs. A transparent formula rather than random numbers,
// so the seeded results make sense on screen: candidates of the job's own profession with the
// required skills score high, neighbours land in the middle, the rest score poorly.

import type { MatchBand } from "@/db/schema/enums";
import type { DemoJob } from "./jobs";
import type { Prng } from "./random";
import type { DemoResume } from "./resumes";

/** Lower bounds of the bands (the HR Comparator's configuration): excellent ≥ 85, good ≥ 70, average ≥ 50. */
export const bandThresholds = { excellent: 85, good: 70, average: 50 } as const;

export function bandFor(score: number): MatchBand {
  if (score >= bandThresholds.excellent) return "excellent";
  if (score >= bandThresholds.good) return "good";
  if (score >= bandThresholds.average) return "average";
  return "poor";
}

export type DemoMatch = {
  score: number;
  band: MatchBand;
  matchedSkills: string[];
  missingSkills: string[];
  explanation: Record<string, unknown>;
  rationale: string;
};

/**
 * 60% required skills, 15% nice-to-have skills, 25% experience against the minimum years, plus a
 * little noise (the LLM's judgement), rounded to one decimal like the score column.
 */
export function scoreCandidate(prng: Prng, resume: DemoResume, job: DemoJob): DemoMatch {
  const has = new Set(resume.skills);
  const matchedSkills = job.requiredSkills.filter((s) => has.has(s));
  const missingSkills = job.requiredSkills.filter((s) => !has.has(s));
  const matchedNice = job.niceToHave.filter((s) => has.has(s));
  const skills = matchedSkills.length / job.requiredSkills.length;
  const nice = job.niceToHave.length ? matchedNice.length / job.niceToHave.length : 0;
  const experience = Math.min(1, resume.yearsExperience / job.minYears);
  const raw = 100 * (0.6 * skills + 0.15 * nice + 0.25 * experience) + prng.float(-4, 4);
  const score = Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
  const band = bandFor(score);
  const rationale =
    band === "excellent" || band === "good"
      ? `${resume.candidateName} brings ${resume.yearsExperience} years as ${resume.title} and covers ${matchedSkills.length} of ${job.requiredSkills.length} required skills${missingSkills.length ? `; gaps: ${missingSkills.join(", ")}` : ""}.`
      : `${resume.candidateName} covers ${matchedSkills.length} of ${job.requiredSkills.length} required skills with ${resume.yearsExperience} years of experience (${job.minYears}+ asked); missing ${missingSkills.join(", ") || "nothing essential"}.`;
  return {
    score,
    band,
    matchedSkills: [...matchedSkills, ...matchedNice],
    missingSkills,
    explanation: {
      skills_score: Math.round(skills * 100),
      nice_to_have_score: Math.round(nice * 100),
      experience_score: Math.round(experience * 100),
      years_experience: resume.yearsExperience,
      required_years: job.minYears,
      weights: { skills: 0.6, nice_to_have: 0.15, experience: 0.25 },
    },
    rationale,
  };
}
