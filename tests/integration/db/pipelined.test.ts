// Issue 10: the engine's claim and completion run in pipelined transactions (db/tenant.ts): on
// postgres.js BEGIN, the role settings and the first statement share one write, and the last statement
// shares one with COMMIT. What that must not change: the role and organization apply to every
// statement, a failing last statement (runledger_assert, RL002) commits nothing, an error between
// statements rolls back, and a connection that dies inside one leaves the pool able to serve the next.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, expect, it } from "vitest";
import { isDriverConnectionFault } from "@/db/driver-faults";
import { asWorkerPipe, withTenantPipe } from "@/db/tenant";
import { describeDrivers, pgError, query } from "../../helpers/db";

describeDrivers("pipelined engine transactions", (ctx) => {
  const orgId = randomUUID();

  beforeAll(async () => {
    const { db } = ctx();
    await db.execute(sql`create table pipe_probe (org_id uuid not null, n int not null)`);
    await db.execute(sql`grant select, insert on pipe_probe to runledger_app, runledger_worker`);
  });

  const count = async (n?: number) => {
    const [row] = await query<{ c: number }>(
      ctx().db,
      n === undefined
        ? sql`select count(*)::int as c from pipe_probe`
        : sql`select count(*)::int as c from pipe_probe where n = ${n}`,
    );
    return row!.c;
  };

  it("every statement runs as the tenant role in its organization, and the settings end with the transaction", async () => {
    const { db } = ctx();
    const seen = await withTenantPipe(db, orgId, async (pipe) => {
      const [first] = await pipe.rows<{ role: string; org: string }>(
        sql`select current_user as role, app_current_org_id()::text as org`,
      );
      const [last] = await pipe.last<{ role: string; org: string }>(
        sql`select current_user as role, app_current_org_id()::text as org`,
      );
      return [first, last];
    });
    expect(seen).toEqual([
      { role: "runledger_app", org: orgId },
      { role: "runledger_app", org: orgId },
    ]);
    const worker = await asWorkerPipe(db, (pipe) =>
      pipe.last<{ role: string }>(sql`select current_user as role`),
    );
    expect(worker).toEqual([{ role: "runledger_worker" }]);
    // transaction-local: whichever pooled connection serves the next statement has neither
    for (let i = 0; i < 4; i++) {
      const [after] = await query<{ role: string; org: string | null }>(
        db,
        sql`select current_user as role, app_current_org_id()::text as org`,
      );
      expect(after!.role).not.toMatch(/^runledger_/);
      expect(after!.org).toBeNull();
    }
  });

  it("commits the statements before the last and the last one together", async () => {
    const { db } = ctx();
    await withTenantPipe(db, orgId, async (pipe) => {
      await pipe.rows(sql`insert into pipe_probe (org_id, n) values (${orgId}, 1)`);
      await pipe.last(sql`insert into pipe_probe (org_id, n) values (${orgId}, 1)`);
    });
    expect(await count(1)).toBe(2);
  });

  it("a last statement whose check fails (RL002) commits nothing, the statements before it included", async () => {
    const { db } = ctx();
    const error = await withTenantPipe(db, orgId, async (pipe) => {
      await pipe.rows(sql`insert into pipe_probe (org_id, n) values (${orgId}, 2)`);
      await pipe.last(
        sql`with i as (insert into pipe_probe (org_id, n) values (${orgId}, 2) returning n)
            select runledger_assert((select count(*) from i) = 2, 'probe: expected two rows') as ok`,
      );
    }).catch((e: unknown) => e);
    expect(pgError(error)).toMatchObject({ code: "RL002", message: "probe: expected two rows" });
    expect(await count(2)).toBe(0);
    // the connection is usable at once: the COMMIT behind the failure ended the transaction
    await withTenantPipe(db, orgId, (pipe) =>
      pipe.last(sql`insert into pipe_probe (org_id, n) values (${orgId}, 3)`),
    );
    expect(await count(3)).toBe(1);
  });

  it("an error between statements rolls the transaction back and is the one reported", async () => {
    const { db } = ctx();
    const error = await withTenantPipe(db, orgId, async (pipe) => {
      await pipe.rows(sql`insert into pipe_probe (org_id, n) values (${orgId}, 4)`);
      throw new Error("handler changed its mind");
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("handler changed its mind");
    expect(await count(4)).toBe(0);
    // a statement that fails mid-way: its own error, and nothing of the transaction stays
    const failed = await withTenantPipe(db, orgId, async (pipe) => {
      await pipe.rows(sql`insert into pipe_probe (org_id, n) values (${orgId}, 5)`);
      await pipe.rows(sql`select 1 / 0`);
      await pipe.last(sql`insert into pipe_probe (org_id, n) values (${orgId}, 5)`);
    }).catch((e: unknown) => e);
    expect(pgError(failed)?.code).toBe("22012");
    expect(await count(5)).toBe(0);
  });

  it("row-level security holds: the organization sees its rows only", async () => {
    const { db } = ctx();
    await db.execute(sql`alter table pipe_probe enable row level security`);
    await db.execute(sql`alter table pipe_probe force row level security`);
    await db.execute(
      sql`create policy pipe_probe_tenant on pipe_probe using (org_id = app_current_org_id())`,
    );
    try {
      const other = randomUUID();
      const visible = await withTenantPipe(db, other, (pipe) =>
        pipe.last<{ c: number }>(sql`select count(*)::int as c from pipe_probe`),
      );
      expect(visible).toEqual([{ c: 0 }]);
      const own = await withTenantPipe(db, orgId, (pipe) =>
        pipe.last<{ c: number }>(sql`select count(*)::int as c from pipe_probe`),
      );
      expect(own[0]!.c).toBeGreaterThan(0);
    } finally {
      await db.execute(sql`drop policy pipe_probe_tenant on pipe_probe`);
      await db.execute(sql`alter table pipe_probe no force row level security`);
      await db.execute(sql`alter table pipe_probe disable row level security`);
    }
  });

  it("[postgres] a connection terminated inside one fails that call with a connection fault; the pool serves the next ones", async (test) => {
    const { db, driver, url } = ctx();
    if (driver !== "postgres") return test.skip();
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    try {
      const error = await withTenantPipe(db, orgId, async (pipe) => {
        const [row] = await pipe.rows<{ pid: number }>(sql`select pg_backend_pid() as pid`);
        const pid = row!.pid;
        await admin`select pg_terminate_backend(${pid})`;
        // once the driver has seen the connection close, nothing more may be sent on it
        for (let i = 0; i < 100; i++) {
          const [gone] =
            await admin`select not exists (select 1 from pg_stat_activity where pid = ${pid}) as gone`;
          if (gone!.gone) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 200));
        await pipe.rows(sql`select 1`);
        await pipe.last(sql`insert into pipe_probe (org_id, n) values (${orgId}, 6)`);
      }).catch((e: unknown) => e);
      expect(isDriverConnectionFault(error)).toBe(true);
      // more transactions than the pool has connections: none may land on the dead one
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          withTenantPipe(db, orgId, (pipe) =>
            pipe.last<{ n: number }>(
              sql`insert into pipe_probe (org_id, n) values (${orgId}, 7) returning ${i}::int as n`,
            ),
          ),
        ),
      );
      expect(results.map((r) => r[0]!.n)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(await count(6)).toBe(0);
      expect(await count(7)).toBe(24);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
});
