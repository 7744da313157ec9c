// Bag-of-words cosine similarity between a job description and a resume.
// There is no corpus to learn IDF from at comparison time, so frequent low-information words are
// removed with a stop list instead and term counts are log-damped.

const STOP_WORDS = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each etc few for from further had has have having he her here " +
    "hers him his how i if in into is it its itself just like ll me more most my no nor not of off on once only or " +
    "other our ours out over own per re same she should so some such than that the their them then there these " +
    "they this those through to too under until up us very was we were what when where which while who whom why " +
    "will with within would you your yours " +
    // Words every resume and job ad uses regardless of field.
    "ability able across candidate candidates company develop developed environment etc excellent experience " +
    "experienced familiarity good great help highly ideal including job join knowledge looking new opportunity " +
    "plus preferred professional required requirements responsibilities role skills strong team teams using " +
    "work worked working year years " +
    // Degree vocabulary: the education component scores degrees, so they must not count twice here.
    "arts ba bachelor bs bsc college degree education master ms msc phd school science university"
  ).split(" "),
);

export type TermVector = Map<string, number>;

function stem(token: string): string {
  // Light plural folding only: aggressive stemming merges unrelated technical terms.
  if (token.length > 4 && token.endsWith("ies")) return `${token.slice(0, -3)}y`;
  if (token.length > 4 && token.endsWith("s") && !token.endsWith("ss")) return token.slice(0, -1);
  return token;
}

export function tokenize(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}+#]+/u)
    .filter((t) => t.length >= 2 && !STOP_WORDS.has(t) && !/^\d+$/.test(t))
    .map(stem);
}

/** Term weights 1 + ln(count); extra tokens (e.g. canonical skill ids) are added as-is. */
export function termVector(text: string, extraTokens: readonly string[] = []): TermVector {
  const counts = new Map<string, number>();
  for (const token of [...tokenize(text), ...extraTokens]) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vector: TermVector = new Map();
  for (const [token, count] of counts) vector.set(token, 1 + Math.log(count));
  return vector;
}

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [token, weight] of small) dot += weight * (large.get(token) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(vector: TermVector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}
