// Skill recognition against the taxonomy shipped in skills-taxonomy.json.
//
// Matching rules, by alias kind:
// - aliases: case-insensitive. The match must not touch a letter, digit, "_", "+", "#" or "@" on
//   either side, so "Java" is not found in "JavaScript", "C" not in "C++", and ".NET" not in
//   "ASP.NET". Spaces and hyphens inside a multi-word alias match any run of spaces/hyphens.
// - exact: the same, but case-sensitive ("React" but not "react to", "REST" but not "rest").
// - strict: for aliases that are also ordinary words or letters ("Go", "R", "C", "Swift", "Spring",
//   "Node", "Sales"). Case-sensitive, must not be glued to "-", "'", "&" or "." + word
//   ("Go-to-market", "R&D", "C-suite"), and must be in a technical context, checked in order:
//     1. followed by a year ("Spring 2019"): rejected; by a version ("Go 1.22"): accepted;
//     2. a cue word within three words either side ("written in Go", "Go microservices"): accepted;
//     3. followed by a capitalised word ("Ruby Chen", "Go Ahead"): rejected;
//     4. alone on a line or bullet ("- Go"): accepted;
//     5. a list: preceded by , ; / | ( : + & or "and"/"or", followed by , ; / | ) +, or followed by
//        "and"/"or" and a capitalised term ("Go and PostgreSQL"): accepted;
//     6. anything else: rejected.
//   So "Go ahead and let's go" yields nothing while "Languages: Python, Go" yields Go.
import rawTaxonomy from "./skills-taxonomy.json";

export interface SkillDefinition {
  name: string;
  category: string;
  aliases: string[];
  exact: string[];
  strict: string[];
  implies: string[];
}

function stringArray(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.trim() !== "")) {
    throw new Error(`skills taxonomy: ${where} must be an array of non-empty strings`);
  }
  return value;
}

function parseEntry(entry: unknown, index: number): SkillDefinition {
  if (typeof entry !== "object" || entry === null)
    throw new Error(`skills taxonomy: entry ${index} is not an object`);
  const record = entry as Record<string, unknown>;
  const { name, category } = record;
  if (typeof name !== "string" || typeof category !== "string") {
    throw new Error(`skills taxonomy: entry ${index} needs a name and a category`);
  }
  return {
    name,
    category,
    aliases: stringArray(record.aliases, `${name}.aliases`),
    exact: stringArray(record.exact, `${name}.exact`),
    strict: stringArray(record.strict, `${name}.strict`),
    implies: stringArray(record.implies, `${name}.implies`),
  };
}

/** Validated once at load: a malformed taxonomy is a build defect, not a runtime condition. */
export function parseTaxonomy(raw: unknown): SkillDefinition[] {
  const skills = (raw as { skills?: unknown } | null)?.skills;
  if (!Array.isArray(skills)) throw new Error("skills taxonomy: missing skills array");
  return skills.map(parseEntry);
}

export const skillTaxonomy: readonly SkillDefinition[] = parseTaxonomy(rawTaxonomy);

const byName = new Map(skillTaxonomy.map((s) => [s.name, s]));

for (const skill of skillTaxonomy) {
  const unknown = skill.implies.find((name) => !byName.has(name));
  if (unknown !== undefined)
    throw new Error(`skills taxonomy: ${skill.name} implies unknown skill ${unknown}`);
}

// ---------------------------------------------------------------------------------------------
// Matchers

type AliasKind = "aliases" | "exact" | "strict";

interface Matcher {
  kind: AliasKind;
  regex: RegExp;
  lookup: Map<string, string>;
}

const SEPARATOR_RUN = /[\s-]+/g;

function aliasKey(alias: string, caseSensitive: boolean): string {
  const key = alias.normalize("NFKC").replace(SEPARATOR_RUN, " ").trim();
  return caseSensitive ? key : key.toLowerCase();
}

function aliasPattern(alias: string): string {
  return alias
    .trim()
    .split(/[\s-]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("[\\s-]+");
}

const BOUNDARY_BEFORE = "(?<![\\p{L}\\p{N}_+#@])";
const BOUNDARY_AFTER = "(?![\\p{L}\\p{N}_+#])";
const STRICT_BEFORE = "(?<![\\p{L}\\p{N}_+#@.'\u2019&-])";
const STRICT_AFTER = "(?![\\p{L}\\p{N}_+#]|[-'\u2019&.][\\p{L}\\p{N}])";

function aliasesOf(skill: SkillDefinition, kind: AliasKind): string[] {
  if (kind !== "aliases") return skill[kind];
  const special = new Set([...skill.exact, ...skill.strict].map((a) => a.toLowerCase()));
  return special.has(skill.name.toLowerCase()) ? skill.aliases : [skill.name, ...skill.aliases];
}

function buildMatcher(kind: AliasKind): Matcher {
  const caseSensitive = kind !== "aliases";
  const lookup = new Map<string, string>();
  for (const skill of skillTaxonomy) {
    for (const alias of aliasesOf(skill, kind)) {
      const key = aliasKey(alias, caseSensitive);
      const existing = lookup.get(key);
      if (existing !== undefined && existing !== skill.name) {
        throw new Error(`skills taxonomy: alias "${alias}" belongs to both ${existing} and ${skill.name}`);
      }
      lookup.set(key, skill.name);
    }
  }
  // Longest first, because the regex engine takes the first alternative that fits.
  const patterns = [...lookup.keys()]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(aliasPattern);
  const [before, after] =
    kind === "strict" ? [STRICT_BEFORE, STRICT_AFTER] : [BOUNDARY_BEFORE, BOUNDARY_AFTER];
  const flags = caseSensitive ? "gu" : "giu";
  return { kind, lookup, regex: new RegExp(`${before}(?:${patterns.join("|")})${after}`, flags) };
}

const matchers: readonly Matcher[] = (["aliases", "exact", "strict"] as const).map(buildMatcher);

// ---------------------------------------------------------------------------------------------
// Context rules for strict aliases (see the header comment for the rules in prose)

// Words that put an ambiguous alias in a technical sentence ("written in Go", "Go microservices").
const CUE_WORDS = new Set(
  (
    "language languages lang programming programmer developer developers development engineer " +
    "engineers engineering code coding codebase backend back-end frontend service services " +
    "microservices script scripts scripting stack framework frameworks library libraries " +
    "modules packages written using sdk api apis tooling experience proficient proficiency " +
    "expertise skills statistical statistics analysis apps app ios macos concurrency goroutines " +
    "server servers runtime cookbooks manifests boot mvc quota pipeline"
  ).split(" "),
);

const LIST_BEFORE = new Set([",", ";", "/", "|", "(", ":", "+", "&", "\u00b7", "\u2022"]);
const LIST_AFTER = new Set([",", ";", "/", "|", ")", "+", "\u00b7", "\u2022"]);
const CONJUNCTIONS = new Set(["and", "or", "&"]);

function lineAround(text: string, start: number, end: number): { before: string; after: string } {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", end);
  return {
    before: text.slice(lineStart, start),
    after: text.slice(end, newline < 0 ? text.length : newline),
  };
}

function words(fragment: string): string[] {
  return fragment
    .toLowerCase()
    .split(/[^\p{L}\p{N}&-]+/u)
    .filter((w) => w !== "");
}

function inTechnicalContext(text: string, start: number, end: number): boolean {
  const { before, after } = lineAround(text, start, end);
  if (/^\s*(19|20)\d{2}\b/.test(after)) return false;
  if (/^\s*v?\d+(\.\d+)+/.test(after)) return true;
  const previousWords = words(before).slice(-3);
  const nextWords = words(after).slice(0, 3);
  if ([...previousWords, ...nextWords].some((w) => CUE_WORDS.has(w))) return true;
  // A capitalised word right after is far more often a surname or title ("Ruby Chen") than a list.
  if (/^ \p{Lu}\p{Ll}/u.test(after)) return false;
  const prevChar = before.trimEnd().slice(-1);
  const nextChar = after.trimStart().charAt(0);
  if (/^\s*(?:[-*\u2022]\s*)?$/.test(before) && (nextChar === "" || LIST_AFTER.has(nextChar))) return true;
  if (LIST_BEFORE.has(prevChar) || LIST_AFTER.has(nextChar)) return true;
  // "Python and Go" or "Go and PostgreSQL": a conjunction joining it to another term.
  if (/^\s+(?:and|or|&)\s+[\p{Lu}.]/u.test(after)) return true;
  return CONJUNCTIONS.has(previousWords[previousWords.length - 1] ?? "");
}

// ---------------------------------------------------------------------------------------------
// Public API

interface SkillHit {
  start: number;
  end: number;
  skill: string;
}

function hitsFor(matcher: Matcher, text: string): SkillHit[] {
  const hits: SkillHit[] = [];
  for (const m of text.matchAll(matcher.regex)) {
    const start = m.index;
    const end = start + m[0].length;
    const skill = matcher.lookup.get(aliasKey(m[0], matcher.kind !== "aliases"));
    if (skill === undefined) continue;
    if (matcher.kind === "strict" && !inTechnicalContext(text, start, end)) continue;
    hits.push({ start, end, skill });
  }
  return hits;
}

/** Overlapping hits keep the longer one, so "React Native" does not also count as "React". */
function dropOverlaps(hits: SkillHit[]): SkillHit[] {
  const sorted = hits.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: SkillHit[] = [];
  let reach = -1;
  for (const hit of sorted) {
    if (hit.start < reach) continue;
    kept.push(hit);
    reach = hit.end;
  }
  return kept;
}

/** Canonical skill names mentioned in the text, in order of first mention. */
export function findSkills(text: string): string[] {
  const normalized = text.normalize("NFKC");
  const hits = dropOverlaps(matchers.flatMap((m) => hitsFor(m, normalized)));
  return [...new Set(hits.map((h) => h.skill))];
}

/** The canonical name for a single alias ("k8s" → "Kubernetes"), ignoring context rules. */
export function canonicalSkill(alias: string): string | null {
  for (const matcher of matchers) {
    const hit = matcher.lookup.get(aliasKey(alias, matcher.kind !== "aliases"));
    if (hit !== undefined) return hit;
  }
  const lower = alias.trim().toLowerCase();
  return skillTaxonomy.find((s) => s.name.toLowerCase() === lower)?.name ?? null;
}

/** The skills plus everything they imply (Django → Python), transitively, without duplicates. */
export function expandSkills(skills: readonly string[]): string[] {
  const out = new Set<string>();
  const queue = [...skills];
  for (let skill = queue.shift(); skill !== undefined; skill = queue.shift()) {
    if (out.has(skill)) continue;
    out.add(skill);
    queue.push(...(byName.get(skill)?.implies ?? []));
  }
  return [...out];
}

export function skillCategory(name: string): string | null {
  return byName.get(name)?.category ?? null;
}
