import { z } from "zod";

// Input rules the API's zod schemas share because of what PostgreSQL can store: text and jsonb cannot
// hold NUL characters, jsonb refuses the escapes of unpaired UTF-16 surrogates (and the drivers would
// turn them into U+FFFD in text), so either would fail the statement with a 500 or change the data.
// JSON documents are also bounded in depth (JSON.stringify, which drizzle uses for jsonb, recurses)
// and size.

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what PostgreSQL cannot store
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates";
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_CHARS = 64 * 1024;

/** `schema` (a string schema with its own trim/min/max) restricted to text PostgreSQL can store. */
export const storableText = (schema: z.ZodString = z.string()) =>
  schema.refine((v) => !UNSTORABLE.test(v), UNSTORABLE_MESSAGE);

/** A string PostgreSQL can store as text. Chain trim/min/max after it. */
export const text = () => storableText();

/** Why a JSON value cannot be stored as jsonb (unstorable text, non-finite number, too deep), or null. */
export function jsonProblem(value: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return `text ${UNSTORABLE_MESSAGE}`;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return "numbers must be finite";
    } else if (v !== null && typeof v === "object") {
      if (depth >= MAX_JSON_DEPTH) return `must not nest deeper than ${MAX_JSON_DEPTH} levels`;
      if (Array.isArray(v)) for (const item of v) stack.push({ value: item, depth: depth + 1 });
      else
        for (const [key, item] of Object.entries(v)) {
          if (UNSTORABLE.test(key)) return `keys ${UNSTORABLE_MESSAGE}`;
          stack.push({ value: item, depth: depth + 1 });
        }
    }
  }
  return null;
}

/** Any JSON value that jsonb can store, checked before an inner schema looks at it. */
export const storableJson = () =>
  z.unknown().superRefine((v, ctx) => {
    const problem = jsonProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A JSON object document (configuration, node settings) up to `maxChars` characters. */
export const jsonObject = (maxChars = MAX_JSON_CHARS) =>
  storableJson().pipe(
    z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
      if (JSON.stringify(v).length > maxChars) {
        ctx.addIssue({ code: "custom", message: `must be at most ${maxChars} characters of JSON` });
      }
    }),
  );
