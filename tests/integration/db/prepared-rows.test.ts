// Issue 10: the engine's per-step statements are named prepared statements on postgres.js (parsed and
// planned once per connection, then a generic plan), where drizzle sends every statement unnamed and
// PostgreSQL planned the hot path's CTEs on every call. On PGlite they run as any other statement.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { preparedRows, rows } from "@/db/client";
import { describeDrivers, query } from "../../helpers/db";

describeDrivers("preparedRows", (ctx) => {
  const probe = (n: number) =>
    sql`select ${n}::int as n, 'prepared-rows-probe' as tag, ${JSON.stringify({ a: n })}::jsonb as doc`;

  it("returns the rows rows() returns, parameters and jsonb included", async () => {
    const { db } = ctx();
    expect(await preparedRows(db, probe(7))).toEqual(await rows(db, probe(7)));
    expect(await preparedRows(db, probe(8))).toEqual([{ n: 8, tag: "prepared-rows-probe", doc: { a: 8 } }]);
  });

  it("on postgres.js, is a prepared statement of the connection, reused with new parameters", async () => {
    const { db, driver } = ctx();
    const listed = await db.transaction(async (tx) => {
      await preparedRows(tx, probe(1));
      const second = await preparedRows(tx, probe(2));
      expect(second[0]!.n).toBe(2);
      return query<{ n: number }>(
        tx,
        sql`select count(*)::int as n from pg_prepared_statements where statement like '%prepared-rows-probe%'`,
      );
    });
    expect(listed[0]!.n).toBe(driver === "postgres" ? 1 : 0);
  });
});
