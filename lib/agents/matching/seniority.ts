// Seniority vocabulary shared by the JD reader, the resume reader and the comparator.

export const seniorityLevels = ["intern", "junior", "mid", "senior", "lead", "principal"] as const;
export type Seniority = (typeof seniorityLevels)[number];

export function seniorityRank(level: Seniority): number {
  return seniorityLevels.indexOf(level);
}

// Checked in this order so that "Senior Engineering Manager" reads as lead and "Lead Intern" as intern.
const TITLE_RULES: readonly { level: Seniority; regex: RegExp }[] = [
  { level: "intern", regex: /\b(?:intern|internship|co-?op|working student|trainee|apprentice)\b/i },
  {
    level: "principal",
    regex: /\b(?:principal|distinguished|fellow|director|head of|vp|vice president|chief|cto|cio|chro)\b/i,
  },
  { level: "lead", regex: /\b(?:lead|staff|manager|architect|team leader)\b/i },
  { level: "senior", regex: /\b(?:senior|sr\.?|snr|III|IV)(?=\s|$|[,.)/-])/i },
  { level: "mid", regex: /\b(?:mid[- ]?level|intermediate|mid|II)\b/i },
  {
    level: "junior",
    regex: /\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|associate)(?=\s|$|[,.)/-])/i,
  },
];

// Roman numerals must stay upper-case: "ii" or "iv" in prose are not levels.
const ROMAN = /\b(?:II|III|IV)\b/;

export function seniorityFromTitle(title: string): Seniority | null {
  for (const rule of TITLE_RULES) {
    const match = rule.regex.exec(title);
    if (!match) continue;
    if (/^(?:ii|iii|iv)$/i.test(match[0]) && !ROMAN.test(match[0])) continue;
    return rule.level;
  }
  return null;
}

/** Level a career length usually corresponds to; a fallback when no title says it. */
export function seniorityFromYears(years: number): Seniority {
  if (years < 2) return "junior";
  if (years < 5) return "mid";
  if (years < 8) return "senior";
  return "lead";
}

/** Years of experience a level usually asks for; used when a JD states a level but no minimum. */
export function typicalYears(level: Seniority): number {
  const years: Record<Seniority, number> = {
    intern: 0,
    junior: 0,
    mid: 2,
    senior: 5,
    lead: 7,
    principal: 10,
  };
  return years[level];
}
