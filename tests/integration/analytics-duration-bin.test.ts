// analytics_duration_bin (0008, inlinable since 0021): the rollup triggers call it for every finished
// step and run. Declared STRICT around a CASE, PostgreSQL never inlined it and planned its body at every
// call; these tests hold both its values (NULL included, which STRICT used to answer) and its inlining.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeDrivers, query } from "../helpers/db";

// two significant digits; below 100 as they are; NULL for NULL
const CASES: [string | null, string | null][] = [
  [null, null],
  ["0", "0"],
  ["7", "7"],
  ["-7", "-7"],
  ["99", "99"],
  ["100", "100"],
  ["104", "100"],
  ["105", "110"],
  ["1234", "1200"],
  ["1250", "1300"],
  ["-1250", "-1300"],
  ["99999", "100000"],
  ["2147483647", "2100000000"],
  ["9000000000000", "9000000000000"],
];

describeDrivers("analytics_duration_bin", (ctx) => {
  it("bins to two significant digits and keeps NULL", async () => {
    const rows = await query<{ input: string | null; bin: string | null }>(
      ctx().db,
      sql`select v.ms::text as input, analytics_duration_bin(v.ms)::text as bin
          from unnest(${`{${CASES.map(([ms]) => ms ?? "NULL").join(",")}}`}::bigint[]) with ordinality as v(ms, n)
          order by v.n`,
    );
    expect(rows.map((r) => [r.input, r.bin])).toEqual(CASES);
  });

  it("is inlined into the calling statement rather than run as a function", async () => {
    const plan = await query<{ "QUERY PLAN": string }>(
      ctx().db,
      sql`explain (verbose, costs off) select analytics_duration_bin(r.duration_ms) from workflow_runs r`,
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("abs(");
    expect(text).not.toContain("analytics_duration_bin");
  });
});
