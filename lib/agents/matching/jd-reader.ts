// jd-reader: requirements from a job description.
//
// The text is read line by line. Headings ("Requirements", "Nice to have", "About us", ...) set
// the kind of the lines below them; within a line, clauses (split at ";", sentence ends and
// parentheses) that say "a plus", "preferred", "bonus", ... are nice-to-have wherever they are.
// Skills under responsibilities or under no heading count as required when the JD has no explicit
// requirements section, and as nice-to-have when it does (they describe the job, not the bar).
import { type EducationLevel, educationMentions, lowestEducation } from "./education";
import { type Seniority, seniorityFromTitle, seniorityFromYears } from "./seniority";
import { findSkills } from "./skills";

export interface JobRequirements {
  title: string;
  requiredSkills: string[];
  niceToHaveSkills: string[];
  minYears: number | null;
  education: EducationLevel | null;
  seniority: Seniority | null;
}

type SectionKind = "required" | "nice" | "context" | "ignore";
type ClauseKind = Exclude<SectionKind, "ignore">;

// Checked in this order: "Preferred qualifications" is nice although "qualifications" is required.
const HEADING_RULES: readonly { kind: SectionKind; regex: RegExp }[] = [
  {
    kind: "nice",
    regex:
      /\b(?:nice[- ]to[- ]haves?|preferred|bonus|pluses|a plus|desirable|desired|good to have|extra credit|even better|optional|not required|would be great)\b/,
  },
  {
    kind: "ignore",
    regex:
      /\b(?:about us|about the company|about the team|who we are|benefits|perks|compensation|salary|what we offer|why join|why you'll love|how to apply|equal opportunity|eeo|our values|our culture|location|the team)\b/,
  },
  {
    kind: "required",
    regex:
      /\b(?:requirements?|required|must[- ]haves?|must have|qualifications|what you(?:'|\u2019)?ll need|what you(?:'|\u2019)?ll bring|what you bring|what we(?:'|\u2019)?re looking for|looking for|who you are|you have|you bring|skills|experience|essentials?|minimum|about you|your profile|profile)\b/,
  },
  {
    kind: "context",
    regex:
      /\b(?:responsibilities|what you(?:'|\u2019)?ll do|what you will do|the role|role|duties|day[- ]to[- ]day|your impact|you will|in this role|the job|position|overview|summary|description|mission|tasks)\b/,
  },
];

const NICE_PHRASE =
  /\b(?:a plus|an advantage|advantageous|preferred|preferably|nice[- ]to[- ]have|bonus|desirable|desired|ideally|good to have|would be (?:great|nice)|not required|optional)\b/i;
const REQUIRED_PHRASE = /\b(?:required|must|mandatory|essential)\b/i;

interface Heading {
  kind: SectionKind;
  rest: string;
}

function classifyHeading(label: string): SectionKind | null {
  const key = label.toLowerCase().replace(/\s+/g, " ").trim();
  return HEADING_RULES.find((rule) => rule.regex.test(key))?.kind ?? null;
}

/** A heading line, or a "Heading: content" line; bullets are never headings. */
function headingOf(line: string): Heading | null {
  if (/^[-*\u2022]\s/.test(line)) return null;
  const stripped = line
    .replace(/^#{1,6}\s*/, "")
    .replace(/\*\*|__/g, "")
    .trim();
  const colon = /^([^:]{2,60}):\s*(.*)$/.exec(stripped);
  if (colon) {
    const label = colon[1] ?? "";
    const kind = label.split(/\s+/).length <= 6 ? classifyHeading(label) : null;
    return kind ? { kind, rest: colon[2] ?? "" } : null;
  }
  const wordCount = stripped.split(/\s+/).length;
  const looksLikeHeading = line.startsWith("#") || stripped === stripped.toUpperCase() || wordCount <= 4;
  if (!looksLikeHeading || wordCount > 7 || /[.!?]$/.test(stripped)) return null;
  const kind = classifyHeading(stripped);
  return kind ? { kind, rest: "" } : null;
}

// ---------------------------------------------------------------------------------------------
// Clauses

interface Clause {
  kind: ClauseKind;
  text: string;
}

function splitClauses(line: string): string[] {
  const parentheticals = [...line.matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? "");
  const outside = line.replace(/\([^()]*\)/g, " ");
  return [...outside.split(/;|\.\s+(?=\p{Lu})|\.$/u), ...parentheticals].filter((c) => c.trim() !== "");
}

function clauseKind(text: string, section: ClauseKind): ClauseKind {
  if (NICE_PHRASE.test(text)) return "nice";
  if (REQUIRED_PHRASE.test(text)) return "required";
  return section;
}

function collectClauses(lines: readonly string[]): Clause[] {
  const clauses: Clause[] = [];
  let section: SectionKind = "context";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    const heading = headingOf(line);
    // "Nice to have: Terraform" qualifies its own line only; a bare heading opens a section.
    if (heading && heading.rest === "") {
      section = heading.kind;
      continue;
    }
    const kind = heading ? heading.kind : section;
    if (kind === "ignore") continue;
    for (const text of splitClauses(heading ? heading.rest : line)) {
      clauses.push({ kind: clauseKind(text, kind), text });
    }
  }
  return clauses;
}

// ---------------------------------------------------------------------------------------------
// Skills

function skillsOf(clauses: readonly Clause[], kind: ClauseKind): string[] {
  return clauses.filter((c) => c.kind === kind).flatMap((c) => findSkills(c.text));
}

function splitSkills(clauses: readonly Clause[], title: string) {
  const explicit = skillsOf(clauses, "required");
  const context = skillsOf(clauses, "context");
  const hasRequirementsSection = explicit.length > 0;
  const required = new Set([...findSkills(title), ...explicit, ...(hasRequirementsSection ? [] : context)]);
  const nice = new Set([...skillsOf(clauses, "nice"), ...(hasRequirementsSection ? context : [])]);
  for (const skill of required) nice.delete(skill);
  return { requiredSkills: [...required], niceToHaveSkills: [...nice] };
}

// ---------------------------------------------------------------------------------------------
// Years, education, seniority

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
};

const YEARS =
  /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*(?:\+|plus)?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*)?\+?\s*(?:or more\s+|or above\s+)?(?:years?|yrs?)\b(?!\s+(?:ago|old))/gi;
const EXPERIENCE_CUE = /\b(?:experience|background|track record)\b/i;
const YEARS_FOLLOWER =
  /^\s*(?:of|in|with|as|working|building|developing|leading|managing|hands|professional|industry|relevant|overall|total|combined)\b/i;

function yearsIn(clause: string): number[] {
  const found: number[] = [];
  for (const m of clause.matchAll(YEARS)) {
    const token = (m[1] ?? "").toLowerCase();
    const value = NUMBER_WORDS[token] ?? Number(token);
    const follower = clause.slice(m.index + m[0].length);
    const isExperience = EXPERIENCE_CUE.test(clause) || YEARS_FOLLOWER.test(follower);
    if (isExperience && Number.isFinite(value) && value <= 30) found.push(value);
  }
  return found;
}

function minimumYears(clauses: readonly Clause[]): number | null {
  // The overall bar is the largest stated minimum ("5+ years overall, 2+ with Go" → 5).
  const values = clauses.filter((c) => c.kind !== "nice").flatMap((c) => yearsIn(c.text));
  return values.length > 0 ? Math.max(...values) : null;
}

function requiredEducation(clauses: readonly Clause[]): EducationLevel | null {
  // "Bachelor's or Master's" sets the bar at the lower level; preferred degrees set no bar.
  const levels = clauses.filter((c) => c.kind !== "nice").flatMap((c) => educationMentions(c.text));
  return lowestEducation(levels);
}

const TEXT_SENIORITY: readonly { level: Seniority; regex: RegExp }[] = [
  { level: "intern", regex: /\b(?:internship|intern position|summer intern)\b/i },
  { level: "junior", regex: /\b(?:entry[- ]level|junior[- ]level|new grads?|recent graduates?)\b/i },
  { level: "mid", regex: /\bmid[- ]level\b/i },
  { level: "senior", regex: /\bsenior[- ]level\b/i },
  { level: "lead", regex: /\b(?:staff[- ]level|lead[- ]level)\b/i },
  { level: "principal", regex: /\bprincipal[- ]level\b/i },
];

const SEEKING = /\b(?:looking for|hiring|seeking|join us as)\s+(?:an?\s+)?([\w-]+(?:\s+[\w-]+){0,3})/i;

function seniorityOf(title: string, text: string, minYears: number | null): Seniority | null {
  const fromTitle = seniorityFromTitle(title);
  if (fromTitle) return fromTitle;
  const seeking = SEEKING.exec(text)?.[1];
  const fromSeeking = seeking ? seniorityFromTitle(seeking) : null;
  if (fromSeeking) return fromSeeking;
  const fromText = TEXT_SENIORITY.find((rule) => rule.regex.test(text))?.level;
  if (fromText) return fromText;
  return minYears === null ? null : seniorityFromYears(minYears);
}

// ---------------------------------------------------------------------------------------------
// Title

const TITLE_FIELD = /^(?:job title|title|position|role)\s*:\s*(.+)$/i;

function titleOf(lines: readonly string[], given: string | undefined): string {
  const trimmed = given?.trim();
  if (trimmed) return trimmed;
  for (const line of lines) {
    const field = TITLE_FIELD.exec(line.trim())?.[1]?.trim();
    if (field) return field;
  }
  // Only the preamble can hold the title: past the first heading every line is body text.
  for (const raw of lines) {
    const line = raw
      .replace(/^#{1,6}\s*/, "")
      .replace(/\*\*|__/g, "")
      .trim();
    if (line === "") continue;
    if (headingOf(line) !== null) break;
    if (!/^[-*\u2022]/.test(line) && line.split(/\s+/).length <= 12 && !/[.!?]$/.test(line)) return line;
  }
  return "Untitled role";
}

// ---------------------------------------------------------------------------------------------
// Public API

export function readJobDescription(text: string, title?: string): JobRequirements {
  const lines = text.split("\n");
  const resolvedTitle = titleOf(lines, title);
  const clauses = collectClauses(lines);
  const minYears = minimumYears(clauses);
  return {
    title: resolvedTitle,
    ...splitSkills(clauses, resolvedTitle),
    minYears,
    education: requiredEducation(clauses),
    seniority: seniorityOf(resolvedTitle, text, minYears),
  };
}
