// Text normalisation shared by the extractor and the readers.

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Controls other than tab and newline carry no meaning in a resume and confuse tokenisers.
// (Every Unicode control character except tab and newline; \r is already turned into \n.)
const CONTROL = /[^\P{Cc}\t\n]/gu;
const LINE_SEPARATORS = /\r\n?|[\u2028\u2029\u0085]/g;
const LEADING_BULLET = /^[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25cb\u2219\uf0b7]\s*/;

/**
 * NFKC, one space between words, at most one blank line between paragraphs.
 * Line breaks are kept because the readers rely on them to find headings, names and job entries.
 */
export function normalizeText(raw: string): string {
  const lines = raw
    .normalize("NFKC")
    .replace(LINE_SEPARATORS, "\n")
    .replace(ZERO_WIDTH, "")
    .replace(CONTROL, " ")
    .split("\n")
    .map(normalizeLine);
  return collapseBlankLines(lines).join("\n").trim();
}

function normalizeLine(line: string): string {
  const collapsed = line.replace(/[\t ]+/g, " ").trim();
  // Bullet glyphs vary by word processor; a single ASCII marker keeps list detection simple.
  return collapsed.replace(LEADING_BULLET, "- ");
}

function collapseBlankLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  return out;
}

/** True when the text contains at least one letter or digit. */
export function hasContent(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
