import fc from "fast-check";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { type CallOptions, call } from "./api";

/** Row counts and the newest change of every application table: equal fingerprints mean nothing was written. */
export async function writeFingerprint(db: Database): Promise<string> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select relname as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace and relname <> 'runledger_migrations' order by relname`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const hasUpdated = await rows<{ ok: boolean }>(
      db,
      sql`select exists (select 1 from information_schema.columns where table_name = ${name} and column_name = 'updated_at') as ok`,
    );
    const [r] = await rows<{ n: number; at: string | null }>(
      db,
      hasUpdated[0]?.ok
        ? sql`select count(*)::int as n, max(updated_at)::text as at from ${sql.identifier(name)}`
        : sql`select count(*)::int as n, null::text as at from ${sql.identifier(name)}`,
    );
    parts.push(`${name}:${r?.n}:${r?.at}`);
  }
  return parts.join("|");
}

/** JSON-ish values that stress parsers: wrong types, huge numbers, odd strings, deep nesting. */
export const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.constantFrom(
      "",
      "WF-1",
      "JD-1",
      "00000000-0000-0000-0000-000000000000",
      "<script>",
      "' or 1=1 --",
      "\u0000",
      "null",
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** An object body that often uses the route's real field names with wrong values. */
export function bodyFor(fieldNames: string[]) {
  const key = fc.oneof(
    fc.constantFrom(...fieldNames, "org_id", "status", "created_by", "__proto__"),
    fc.string({ maxLength: 12 }),
  );
  return fc.oneof(fc.dictionary(key, jsonish, { maxKeys: 6 }), jsonish);
}

export function queryFor(fieldNames: string[]) {
  const key = fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 10 }));
  return fc.dictionary(
    key,
    fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
    { maxKeys: 5 },
  );
}

type Handler = Parameters<typeof call>[0];

/**
 * The suite is reproducible: every fuzzRoute draws from this seed, so CI runs the same thousands of
 * cases each time and a failure names a case that fails again. Set FUZZ_SEED to explore other cases
 * (fast-check prints the seed and the shrunk case of a failure).
 */
const FUZZ_SEED = Math.trunc(Number(process.env.FUZZ_SEED)) || 20261122;

/**
 * Property: no input makes the route answer 5xx, and a rejected request
 * (4xx) writes nothing. Returns how many cases were accepted, for the caller
 * to check the generator is not trivially rejecting everything or nothing.
 */
export async function fuzzRoute(
  db: Database,
  handler: Handler,
  method: string,
  make: fc.Arbitrary<CallOptions>,
  runs = 300,
): Promise<{ accepted: number; rejected: number }> {
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(make, async (options) => {
      const before = await writeFingerprint(db);
      const res = await call(handler, method, options);
      expect(res.status, `${method} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      if (res.status >= 400) {
        rejected++;
        expect(res.body?.error?.code, "error body shape").toEqual(expect.any(String));
        expect(await writeFingerprint(db)).toBe(before);
      } else accepted++;
    }),
    { numRuns: runs, seed: FUZZ_SEED },
  );
  return { accepted, rejected };
}
