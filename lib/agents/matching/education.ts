// Degree vocabulary shared by the JD and resume readers.

export const educationLevels = ["none", "associate", "bachelor", "master", "phd"] as const;
export type EducationLevel = (typeof educationLevels)[number];

export function educationRank(level: EducationLevel): number {
  return educationLevels.indexOf(level);
}

// Spelled-out forms are case-insensitive. Two-letter abbreviations are case-sensitive and need a
// degree-like follower, because "MS Excel", "ms" (milliseconds) and "BA" (business analyst) are not degrees;
// "Scrum Master" is excluded by requiring "master's", "masters" or "master of/degree".
const PATTERNS: readonly { level: Exclude<EducationLevel, "none">; spelled: RegExp; short?: RegExp }[] = [
  {
    level: "phd",
    spelled: /\b(?:ph\.?\s?d\b\.?|doctorate|doctoral degree|doctor of philosophy|d\.phil\b)/i,
  },
  {
    level: "master",
    spelled:
      /\b(?:master(?:['\u2019]s|s)\b|master of\b|master degree|m\.?sc\b|m\.?eng\b|mba\b|m\.s\.|m\.a\.)/i,
    short: /\b(?:MS|MA)(?=\s+(?:in|degree)\b|\s*[/,(])/,
  },
  {
    level: "bachelor",
    spelled:
      /\b(?:bachelor(?:['\u2019]s|s)?\b|b\.?sc\b|b\.?eng\b|b\.?tech\b|bba\b|b\.s\.|b\.a\.|undergraduate degree|(?:four|4)[- ]year degree|college degree|university degree)/i,
    short: /\b(?:BS|BA)(?=\s+(?:in|degree)\b|\s*[/,(])/,
  },
  {
    level: "associate",
    spelled: /\b(?:associate(?:['\u2019]s)? degree|associate of (?:arts|science|applied)|a\.a\.s?\.)/i,
    short: /\bAAS\b/,
  },
];

const NO_DEGREE =
  /\b(?:no (?:college |university )?degree (?:is )?required|degree not required|no formal (?:education|degree)|high school diploma|GED\b|secondary school)/i;

/** Degree levels mentioned in the text, lowest first; "none" only when a no-degree phrase appears. */
export function educationMentions(text: string): EducationLevel[] {
  const found: EducationLevel[] = [];
  if (NO_DEGREE.test(text)) found.push("none");
  for (const pattern of [...PATTERNS].reverse()) {
    if (pattern.spelled.test(text) || pattern.short?.test(text)) found.push(pattern.level);
  }
  return found;
}

export function highestEducation(levels: readonly EducationLevel[]): EducationLevel | null {
  return levels.reduce<EducationLevel | null>(
    (best, level) => (best === null || educationRank(level) > educationRank(best) ? level : best),
    null,
  );
}

export function lowestEducation(levels: readonly EducationLevel[]): EducationLevel | null {
  return levels.reduce<EducationLevel | null>(
    (best, level) => (best === null || educationRank(level) < educationRank(best) ? level : best),
    null,
  );
}
