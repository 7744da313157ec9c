// hr-comparator: an explainable match score between a job description and a resume.
//
// The score is a weighted mean of five components, each scored 0–100. A component the job
// description gives no basis for (no nice-to-haves, no degree, no experience bar) gets weight 0
// and its weight is shared among the others in proportion, so a JD is never penalised for being
// short. Every component carries a human-readable detail for the ledger.
import type { MatchBand } from "@/db/schema/enums";
import { educationRank } from "./education";
import type { JobRequirements } from "./jd-reader";
import type { ResumeProfile } from "./resume-reader";
import {
  type Seniority,
  seniorityFromTitle,
  seniorityFromYears,
  seniorityRank,
  typicalYears,
} from "./seniority";
import { cosine, termVector } from "./similarity";
import { expandSkills, skillCategory } from "./skills";

export const componentNames = [
  "required_skills",
  "nice_to_have",
  "experience",
  "education",
  "text_similarity",
] as const;
export type ComponentName = (typeof componentNames)[number];

export interface ScoreComponent {
  name: ComponentName;
  /** Share of the final score, after redistribution; the weights sum to 1. */
  weight: number;
  /** 0–100, one decimal. */
  score: number;
  detail: string;
}

export interface Comparison {
  score: number;
  band: MatchBand;
  matchedSkills: string[];
  missingSkills: string[];
  niceToHaveMatched: string[];
  explanation: { components: ScoreComponent[] };
}

export interface CompareOptions {
  jdText?: string;
  resumeText?: string;
}

const BASE_WEIGHTS: Readonly<Record<ComponentName, number>> = {
  required_skills: 0.4,
  nice_to_have: 0.1,
  experience: 0.25,
  education: 0.1,
  text_similarity: 0.15,
};

/** Required-skill coverage at which past experience counts in full (see experienceComponent). */
const FULL_RELEVANCE_COVERAGE = 0.6;
/** Cosine similarity treated as a perfect textual match; real JD/resume pairs rarely exceed it. */
const FULL_SIMILARITY = 0.5;

const BAND_FLOORS: readonly { band: MatchBand; min: number }[] = [
  { band: "excellent", min: 85 },
  { band: "good", min: 70 },
  { band: "average", min: 50 },
];

export function bandFor(score: number): MatchBand {
  return BAND_FLOORS.find((f) => score >= f.min)?.band ?? "poor";
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

interface Draft {
  name: ComponentName;
  applicable: boolean;
  score: number;
  detail: string;
}

// ---------------------------------------------------------------------------------------------
// Skills

interface SkillMatch {
  matched: string[];
  missing: string[];
  viaImplication: string[];
}

function matchSkills(wanted: readonly string[], resume: ResumeProfile): SkillMatch {
  const direct = new Set(resume.skills);
  const expanded = new Set(expandSkills(resume.skills));
  const matched = wanted.filter((s) => expanded.has(s));
  return {
    matched,
    missing: wanted.filter((s) => !expanded.has(s)),
    viaImplication: matched.filter((s) => !direct.has(s)),
  };
}

function listed(skills: readonly string[]): string {
  return skills.length > 0 ? skills.join(", ") : "none";
}

function skillDraft(name: ComponentName, label: string, wanted: readonly string[], match: SkillMatch): Draft {
  if (wanted.length === 0) {
    return { name, applicable: false, score: 0, detail: `No ${label} skills stated in the job description.` };
  }
  const implied =
    match.viaImplication.length > 0 ? `; implied by other skills: ${listed(match.viaImplication)}` : "";
  return {
    name,
    applicable: true,
    score: (100 * match.matched.length) / wanted.length,
    detail: `Matched ${match.matched.length} of ${wanted.length} ${label} skills (matched: ${listed(match.matched)}; missing: ${listed(match.missing)}${implied}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// Experience

function resumeSeniority(resume: ResumeProfile): Seniority {
  const fromTitles = resume.titles
    .map(seniorityFromTitle)
    .filter((s): s is Seniority => s !== null)
    .sort((a, b) => seniorityRank(b) - seniorityRank(a))[0];
  return fromTitles ?? seniorityFromYears(resume.totalYears);
}

/** Years in another field say little about this one, so they count in proportion to skill coverage. */
function relevanceFactor(coverage: number | null): number {
  return coverage === null ? 1 : clamp(coverage / FULL_RELEVANCE_COVERAGE, 0, 1);
}

function overqualificationPenalty(
  jd: JobRequirements,
  resume: ResumeProfile,
): { penalty: number; note: string } {
  if (jd.seniority === null) return { penalty: 0, note: "" };
  const level = resumeSeniority(resume);
  const gap = seniorityRank(level) - seniorityRank(jd.seniority);
  if (gap < 2) return { penalty: 0, note: "" };
  // Two levels above is a flight risk; four (a principal for a junior seat) rules the years out entirely.
  const penalty = Math.min(100, 30 * (gap - 1));
  return { penalty, note: ` Candidate reads as ${level} for a ${jd.seniority} role (−${penalty}).` };
}

function experienceDraft(jd: JobRequirements, resume: ResumeProfile, coverage: number | null): Draft {
  const target = jd.minYears ?? (jd.seniority ? typicalYears(jd.seniority) : null);
  if (target === null) {
    return { name: "experience", applicable: false, score: 0, detail: "No experience level stated." };
  }
  const basis =
    jd.minYears !== null ? `${target}+ years required` : `${target} years typical for ${jd.seniority}`;
  const fit = target === 0 ? 1 : clamp(resume.totalYears / target, 0, 1);
  const relevance = relevanceFactor(coverage);
  // Without relevant experience there is nothing to penalise, and the note would only be noise.
  const over = fit * relevance > 0 ? overqualificationPenalty(jd, resume) : { penalty: 0, note: "" };
  const score = clamp(100 * fit * relevance - over.penalty, 0, 100);
  const relevanceNote =
    relevance < 1 ? ` Counted at ${Math.round(relevance * 100)}% because few required skills match.` : "";
  return {
    name: "experience",
    applicable: true,
    score,
    detail: `${resume.totalYears} years of experience vs ${basis}.${relevanceNote}${over.note}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Education

function educationDraft(jd: JobRequirements, resume: ResumeProfile): Draft {
  if (jd.education === null || jd.education === "none") {
    return { name: "education", applicable: false, score: 0, detail: "No degree required." };
  }
  if (resume.education === null) {
    return {
      name: "education",
      applicable: true,
      score: 40,
      detail: `Requires ${jd.education}; no degree found in the resume.`,
    };
  }
  const gap = educationRank(jd.education) - educationRank(resume.education);
  const score = gap <= 0 ? 100 : gap === 1 ? 50 : 15;
  return {
    name: "education",
    applicable: true,
    score,
    detail: `Requires ${jd.education}; resume shows ${resume.education}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Text similarity

function skillTokens(skills: readonly string[]): string[] {
  // Canonical ids make "k8s" in one text and "Kubernetes" in the other count as the same term;
  // category ids give a little credit for working in the same field with different tools.
  const categories = skills.map((s) => `category:${skillCategory(s) ?? "other"}`);
  return [...skills.map((s) => `skill:${s.toLowerCase()}`), ...categories];
}

function similarityDraft(jd: JobRequirements, resume: ResumeProfile, options: CompareOptions): Draft {
  const jdSkills = [...jd.requiredSkills, ...jd.niceToHaveSkills];
  const jdSource = options.jdText ?? `${jd.title}\n${jdSkills.join(", ")}`;
  const resumeSource = options.resumeText ?? `${resume.titles.join("\n")}\n${resume.skills.join(", ")}`;
  const similarity = cosine(
    termVector(jdSource, skillTokens(jdSkills)),
    termVector(resumeSource, skillTokens(expandSkills(resume.skills))),
  );
  const basis = options.jdText && options.resumeText ? "full texts" : "titles and skills";
  return {
    name: "text_similarity",
    applicable: true,
    score: clamp((100 * similarity) / FULL_SIMILARITY, 0, 100),
    detail: `Cosine similarity ${similarity.toFixed(3)} over ${basis} (${FULL_SIMILARITY} or more scores 100).`,
  };
}

// ---------------------------------------------------------------------------------------------
// Assembly

function weighComponents(drafts: readonly Draft[]): ScoreComponent[] {
  const applicableWeight = drafts.reduce((sum, d) => sum + (d.applicable ? BASE_WEIGHTS[d.name] : 0), 0);
  return drafts.map((d) => ({
    name: d.name,
    weight: d.applicable && applicableWeight > 0 ? BASE_WEIGHTS[d.name] / applicableWeight : 0,
    score: round1(d.score),
    detail: d.applicable ? d.detail : `${d.detail} Weight redistributed.`,
  }));
}

export function compare(
  jd: JobRequirements,
  resume: ResumeProfile,
  options: CompareOptions = {},
): Comparison {
  const required = matchSkills(jd.requiredSkills, resume);
  const nice = matchSkills(jd.niceToHaveSkills, resume);
  const coverage = jd.requiredSkills.length > 0 ? required.matched.length / jd.requiredSkills.length : null;
  const drafts: Draft[] = [
    skillDraft("required_skills", "required", jd.requiredSkills, required),
    skillDraft("nice_to_have", "nice-to-have", jd.niceToHaveSkills, nice),
    experienceDraft(jd, resume, coverage),
    educationDraft(jd, resume),
    similarityDraft(jd, resume, options),
  ];
  const components = weighComponents(drafts);
  // Unrounded component scores, so that rounding cannot move a candidate across a band floor.
  const score = round1(drafts.reduce((sum, d, i) => sum + (components[i]?.weight ?? 0) * d.score, 0));
  return {
    score,
    band: bandFor(score),
    matchedSkills: required.matched,
    missingSkills: required.missing,
    niceToHaveMatched: nice.matched,
    explanation: {
      components: components.map((c) => ({ ...c, weight: Math.round(c.weight * 10000) / 10000 })),
    },
  };
}
