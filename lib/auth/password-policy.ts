import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score: 3 is "safely unguessable" against an offline attack on a slow hash. */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return estimator;
}

/** The words of a person's own details that must not carry a password (e-mail parts, names, org). */
export function personalWords(details: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const d of details) {
    if (!d) continue;
    const lower = d.toLowerCase();
    words.add(lower);
    for (const part of lower.split(/[^a-z0-9]+/)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Why a password is refused, or null when it is good enough: at least 12 characters, and not guessable
 * from common passwords, dictionary words, keyboard patterns or the user's own details (zxcvbn-ts,
 * with the e-mail, name and organization as user inputs).
 */
export function passwordProblem(
  password: string,
  details: (string | null | undefined)[] = [],
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const words = personalWords(details);
  // zxcvbn scores "alicesmith2024" as strong although its user inputs are alice and smith: refuse
  // passwords whose letters are the user's own words with a few characters around them
  let letters = password.toLowerCase().replace(/[^a-z]/g, "");
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    if (/^[a-z]{3,}$/.test(w)) letters = letters.split(w).join("");
  }
  if (letters.length < 4) return "is built from your own name, e-mail or organization";
  const result = zxcvbn().check(password.slice(0, 100), words);
  if (result.score >= MIN_SCORE) return null;
  const hint = result.feedback.warning || result.feedback.suggestions[0];
  return `is too easy to guess${hint ? `: ${hint}` : ""} (use a longer passphrase of unrelated words)`;
}
