// resume-reader: structured profile from resume text.
// The output holds personal data (name, contact details); this module never logs, and callers
// must not log its output either.
import { findDateRanges, mergedMonths, type DateRange } from "./dates";
import { type EducationLevel, educationMentions, highestEducation } from "./education";
import { findSkills } from "./skills";

export interface ResumePosition {
  title: string;
  /** "YYYY-MM", or "YYYY" when the resume gives only a year. */
  from: string;
  /** Same format, or null for a current position. */
  to: string | null;
}

export interface ResumeProfile {
  name: string | null;
  contact: { email: string | null; phone: string | null; linkedin: string | null };
  skills: string[];
  /** Years covered by work positions, concurrent positions counted once, one decimal. */
  totalYears: number;
  positions: ResumePosition[];
  titles: string[];
  education: EducationLevel | null;
}

// ---------------------------------------------------------------------------------------------
// Sections

type Section = "header" | "work" | "education" | "skills" | "summary" | "projects" | "other";

const SECTION_HEADINGS: Readonly<Record<string, Section>> = {
  experience: "work",
  "work experience": "work",
  "professional experience": "work",
  "relevant experience": "work",
  "industry experience": "work",
  employment: "work",
  "employment history": "work",
  "work history": "work",
  "career history": "work",
  career: "work",
  "professional background": "work",
  "experience and employment": "work",
  education: "education",
  "education and training": "education",
  "academic background": "education",
  "education and certifications": "education",
  certifications: "education",
  certificates: "education",
  "licenses and certifications": "education",
  training: "education",
  courses: "education",
  skills: "skills",
  "technical skills": "skills",
  "core skills": "skills",
  "key skills": "skills",
  "core competencies": "skills",
  competencies: "skills",
  technologies: "skills",
  "tools and technologies": "skills",
  "tech stack": "skills",
  summary: "summary",
  "professional summary": "summary",
  profile: "summary",
  "professional profile": "summary",
  objective: "summary",
  "career objective": "summary",
  about: "summary",
  "about me": "summary",
  projects: "projects",
  "personal projects": "projects",
  "side projects": "projects",
  "selected projects": "projects",
  "open source": "projects",
  volunteering: "other",
  "volunteer experience": "other",
  volunteer: "other",
  awards: "other",
  publications: "other",
  interests: "other",
  languages: "other",
  references: "other",
  activities: "other",
  honors: "other",
  "honors and awards": "other",
};

function headingKey(line: string): string {
  return line
    .toLowerCase()
    .replace(/^[#\s]+/, "")
    .replace(/&/g, " and ")
    .replace(/[:\s]+$/, "")
    .replace(/[^\p{L}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function sectionOf(line: string): Section | null {
  if (line.length > 40 || /\d/.test(line)) return null;
  return SECTION_HEADINGS[headingKey(line)] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Contact details

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
// Spaces only (not \s): a phone number never spans lines, dated lines often sit next to each other.
const PHONE_CANDIDATE = /(?<![\w/.])\+?\(?\d[\d ().-]{6,}\d(?![\w/])/g;
const YEAR_RANGE = /\b(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}\b/;
const LINKEDIN = /(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/in\/([A-Za-z0-9_%-]+)/i;

function findEmail(text: string): string | null {
  return EMAIL.exec(text)?.[0].toLowerCase() ?? null;
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "");
  if (digits.length < 9 || digits.length > 15) return false;
  // "2015-2019 (4 years)" has enough digits; a year range inside rules it out.
  if (YEAR_RANGE.test(candidate)) return false;
  const groups = candidate.split(/[\s().-]+/).filter((g) => g !== "");
  return candidate.startsWith("+") || candidate.includes("(") || groups.length >= 2 || digits.length >= 10;
}

function findPhone(text: string): string | null {
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const candidate = m[0].trim();
    if (isPhone(candidate)) return candidate;
  }
  return null;
}

function findLinkedin(text: string): string | null {
  const slug = LINKEDIN.exec(text)?.[1];
  return slug ? `https://www.linkedin.com/in/${slug}` : null;
}

// ---------------------------------------------------------------------------------------------
// Name

const NAME_LINE = /^[\p{Lu}][\p{L}'\u2019.-]*(?:\s+[\p{Lu}][\p{L}'\u2019.-]*){1,3}$/u;
const NOT_A_NAME =
  /\b(?:resume|r[eé]sum[eé]|curriculum|vitae|cv|profile|summary|contact|experience|skills)\b/i;

// Titles of address are not part of the name a recruiter searches for.
const HONORIFIC = /^(?:dr|mr|mrs|ms|mx|prof)\.?\s+/i;

function titleCase(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

function nameFrom(line: string): string | null {
  const candidate = (line.split(/\s*[|,\u2022\u00b7]\s*|\s+[-\u2013\u2014]\s+/)[0] ?? "")
    .replace(/^name\s*:\s*/i, "")
    .replace(HONORIFIC, "")
    .trim();
  if (!NAME_LINE.test(candidate) || NOT_A_NAME.test(candidate) || TITLE_WORD.test(candidate)) return null;
  const isAllCaps = candidate === candidate.toUpperCase();
  return isAllCaps ? candidate.split(/\s+/).map(titleCase).join(" ") : candidate;
}

function findName(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 6)) {
    const name = nameFrom(line);
    if (name) return name;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Positions

const TITLE_WORD =
  /\b(?:engineer|developer|programmer|architect|manager|director|analyst|scientist|designer|consultant|specialist|coordinator|administrator|intern|recruiter|sourcer|generalist|partner|officer|lead|head|vp|president|founder|cto|ceo|cfo|coo|chief|associate|assistant|executive|representative|technician|nurse|teacher|accountant|auditor|writer|editor|sre|tester|agent|clerk|cashier|advisor|adviser|researcher|professor|lecturer|instructor|trainer|strategist|marketer|planner|buyer|supervisor|operator|contractor|freelancer|principal|fellow|owner|bookkeeper|paralegal|pharmacist|therapist|physician)s?\b/i;

const SEGMENT_SPLIT = /\s*[|\u2022\u00b7\t,()@]\s*|\s+[-\u2013\u2014]\s+|\s+at\s+/i;
const EDUCATION_LINE =
  /\b(?:university|college|school|institute|academy|bootcamp|b\.?sc|m\.?sc|bachelor|master|ph\.?d|degree|diploma)\b/i;

function titleSegments(line: string): string[] {
  return line
    .split(SEGMENT_SPLIT)
    .map((s) => s.replace(/^[-*\s]+|[\s:;.-]+$/g, "").trim())
    .filter((s) => /\p{L}/u.test(s) && s.split(/\s+/).length <= 8);
}

function titleIn(line: string): string | null {
  if (isBullet(line)) return null;
  return titleSegments(line).find((s) => TITLE_WORD.test(s) && !EDUCATION_LINE.test(s)) ?? null;
}

function isBullet(line: string): boolean {
  return /^\s*[-*\u2022]/.test(line);
}

interface LineRange {
  range: DateRange;
  lineIndex: number;
  lineText: string;
}

/** The role a date range belongs to: same line, then the line above, then the line below. */
function titleFor(lines: readonly string[], item: LineRange): string {
  const { lineText, range, lineIndex } = item;
  const sameLine = `${lineText.slice(0, range.index)} | ${lineText.slice(range.index + range.length)}`;
  const candidates = [sameLine, ...linesAbove(lines, lineIndex, 2), ...linesBelow(lines, lineIndex, 1)];
  for (const candidate of candidates) {
    const title = titleIn(candidate);
    if (title) return title;
  }
  return titleSegments(sameLine)[0] ?? "Unknown";
}

/** Up to `count` lines above, stopping at a section heading so no title leaks in from another section. */
function linesAbove(lines: readonly string[], index: number, count: number): string[] {
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && out.length < count; i--) {
    const line = lines[i] ?? "";
    if (sectionOf(line) !== null) break;
    if (line !== "") out.push(line);
  }
  return out;
}

function linesBelow(lines: readonly string[], index: number, count: number): string[] {
  const out: string[] = [];
  for (let i = index + 1; i < lines.length && out.length < count; i++) {
    const line = lines[i] ?? "";
    if (sectionOf(line) !== null) break;
    if (line !== "") out.push(line);
  }
  return out;
}

function isWorkRange(section: Section, line: string, hasWorkSection: boolean): boolean {
  if (section === "work") return !EDUCATION_LINE.test(line) || TITLE_WORD.test(line);
  // Without an explicit experience section, any dated line that is not about studies counts.
  if (!hasWorkSection && (section === "header" || section === "summary")) return !EDUCATION_LINE.test(line);
  return false;
}

function workRanges(lines: readonly string[], now: Date): LineRange[] {
  const hasWorkSection = lines.some((l) => sectionOf(l) === "work");
  const out: LineRange[] = [];
  let section: Section = "header";
  for (const [lineIndex, lineText] of lines.entries()) {
    const heading = sectionOf(lineText);
    if (heading) {
      section = heading;
      continue;
    }
    for (const range of findDateRanges(lineText, now)) {
      if (isWorkRange(section, lineText, hasWorkSection)) out.push({ range, lineIndex, lineText });
    }
  }
  return out;
}

function headline(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 4)) {
    if (/[@\d]/.test(line) || sectionOf(line)) continue;
    const title = titleIn(line);
    if (title) return title;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Public API

export function readResume(text: string, now: Date = new Date()): ResumeProfile {
  const lines = text.split("\n").map((l) => l.trim());
  const nonEmpty = lines.filter((l) => l !== "");
  const ranges = workRanges(lines, now);
  const positions = ranges.map((item) => ({
    title: titleFor(lines, item),
    from: item.range.from,
    to: item.range.to,
  }));
  const namedTitles = positions.map((p) => p.title).filter((t) => TITLE_WORD.test(t));
  const top = headline(nonEmpty);
  return {
    name: findName(nonEmpty),
    contact: { email: findEmail(text), phone: findPhone(text), linkedin: findLinkedin(text) },
    skills: findSkills(text),
    totalYears: Math.round((mergedMonths(ranges.map((r) => r.range)) / 12) * 10) / 10,
    positions,
    titles: [...new Set(top ? [top, ...namedTitles] : namedTitles)],
    education: highestEducation(educationMentions(text)),
  };
}
