import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { type Database, openPostgres, type Queryable, type Tx } from "@/db/client";
import { asAuth, asWorker, TenantError, withTenant } from "@/db/tenant";
import { describeDrivers, expectPgError, query, setLocalRole } from "../helpers/db";
import {
  makeWorld,
  orgColumn,
  rowMakers,
  type TenantTable,
  tenantTables,
  type World,
} from "../helpers/factories";

const table = (name: TenantTable) => sql.identifier(name);

/** Every row of one organization in a table, as JSON text, read by the owner (no RLS). */
async function ownerSnapshot(db: Database, name: TenantTable, orgId: string): Promise<string[]> {
  const found = await query<{ row: string }>(
    db,
    sql`select to_jsonb(t)::text as row from ${table(name)} t
        where ${sql.identifier(orgColumn(name))} = ${orgId} order by id`,
  );
  return found.map((r) => r.row);
}

async function countsPerTable(q: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of tenantTables) {
    const [row] = await query<{ n: number }>(q, sql`select count(*)::int as n from ${table(name)}`);
    counts[name] = row!.n;
  }
  return counts;
}

const zeroCounts = Object.fromEntries(tenantTables.map((t) => [t, 0]));

/** Rows a raw statement changed, whichever driver ran it. */
function affectedRows(result: unknown): number {
  const r = result as { affectedRows?: number; count?: number };
  const n = r.affectedRows ?? r.count;
  if (typeof n !== "number") throw new Error("driver reported no affected-row count");
  return n;
}

class Rollback extends Error {}

/** Runs one statement inside withTenant, rolls it back, and returns how many rows it changed. */
async function rolledBackInTenant(db: Database, orgId: string, fn: (tx: Tx) => Promise<unknown>) {
  let changed: number | undefined;
  await expect(
    withTenant(db, orgId, async (tx) => {
      changed = affectedRows(await fn(tx));
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  return changed;
}

describeDrivers("tenancy", (ctx) => {
  let A: World;
  let B: World;

  beforeAll(async () => {
    A = await makeWorld(ctx().db);
    B = await makeWorld(ctx().db);
  });

  it("row-level security is enabled and forced on every table but the two no application role may touch", async () => {
    const found = await query<{ relname: string; rls: boolean; forced: boolean }>(
      ctx().db,
      sql`select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as forced
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    const internal = ["public_id_keys", "runledger_migrations"];
    const all = found.map((r) => r.relname).filter((name) => !internal.includes(name));
    expect(all).toEqual(tenantTables);
    const privileges = await query<{ allowed: boolean }>(
      ctx().db,
      sql`select has_table_privilege(r, t, p) as allowed
            from unnest(array['runledger_app', 'runledger_worker', 'runledger_auth']) r,
                 unnest(array['public_id_keys', 'runledger_migrations']) t,
                 unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p`,
    );
    expect(privileges).toHaveLength(24);
    expect(privileges.every((row) => !row.allowed)).toBe(true);
    expect(found.filter((r) => r.rls).map((r) => r.relname)).toEqual(tenantTables);
    expect(found.filter((r) => r.forced).map((r) => r.relname)).toEqual(tenantTables);
  });

  it.each(tenantTables)("%s: a tenant reads, changes and creates only its own rows", async (name) => {
    const { db } = ctx();
    const orgCol = sql.identifier(orgColumn(name));
    const ownA = await ownerSnapshot(db, name, A.org.id);
    const ownB = await ownerSnapshot(db, name, B.org.id);
    expect(ownA.length).toBeGreaterThan(0);
    expect(ownB.length).toBeGreaterThan(0);

    // SELECT sees exactly A's rows
    const seen = await withTenant(db, A.org.id, (tx) =>
      query<{ org: string }>(tx, sql`select ${orgCol} as org from ${table(name)} t`),
    );
    expect(seen.map((r) => r.org)).toEqual(ownA.map(() => A.org.id));

    if (name === "audit_logs") {
      // append-only: the application role may not change or remove any entry, its own included
      const denied = { code: "42501", message: /permission denied for table audit_logs/ };
      await expectPgError(
        withTenant(db, A.org.id, (tx) => tx.execute(sql`update audit_logs set success = false`)),
        denied,
      );
      await expectPgError(
        withTenant(db, A.org.id, (tx) => tx.execute(sql`delete from audit_logs`)),
        denied,
      );
      return;
    }

    // UPDATE and DELETE of B's rows touch nothing
    const updated = await withTenant(db, A.org.id, (tx) =>
      query<{ id: string }>(
        tx,
        sql`update ${table(name)} set created_at = created_at - interval '1 day' where ${orgCol} = ${B.org.id} returning id`,
      ),
    );
    expect(updated).toEqual([]);
    const deleted = await withTenant(db, A.org.id, (tx) =>
      query<{ id: string }>(tx, sql`delete from ${table(name)} where ${orgCol} = ${B.org.id} returning id`),
    );
    expect(deleted).toEqual([]);

    // statements that read no column (no WHERE, no RETURNING) meet only the policy itself, not
    // the SELECT policies a reading statement adds: they still reach exactly A's rows
    expect(
      await rolledBackInTenant(db, A.org.id, (tx) =>
        tx.execute(sql`update ${table(name)} set created_at = '2001-01-01T00:00:00Z'`),
      ),
    ).toBe(ownA.length);
    expect(await rolledBackInTenant(db, A.org.id, (tx) => tx.execute(sql`delete from ${table(name)}`))).toBe(
      ownA.length,
    );

    // moving A's rows to B, and inserting rows for B, are refused by WITH CHECK
    const refused = {
      code: "42501",
      message: new RegExp(`violates row-level security policy for table "${name}"`),
    };
    await expectPgError(
      withTenant(db, A.org.id, (tx) => tx.execute(sql`update ${table(name)} set ${orgCol} = ${B.org.id}`)),
      refused,
    );
    const copyOfB = JSON.stringify({ ...JSON.parse(ownB[0]!), id: randomUUID() });
    await expectPgError(
      withTenant(db, A.org.id, (tx) =>
        tx.execute(
          sql`insert into ${table(name)} select * from jsonb_populate_record(null::${table(name)}, ${copyOfB}::jsonb)`,
        ),
      ),
      refused,
    );
    await expectPgError(
      withTenant(db, A.org.id, (tx) => rowMakers[name](tx, B)),
      refused,
    );

    // nothing of either organization changed
    expect(await ownerSnapshot(db, name, B.org.id)).toEqual(ownB);
    expect(await ownerSnapshot(db, name, A.org.id)).toEqual(ownA);
  });

  it("the application role without an organization sees no row anywhere and cannot write", async () => {
    const { db } = ctx();
    const owner = await countsPerTable(db);
    for (const name of tenantTables) expect(owner[name], name).toBeGreaterThanOrEqual(2);

    const counts = await db.transaction(async (tx) => {
      await setLocalRole(tx, "runledger_app");
      return countsPerTable(tx);
    });
    expect(counts).toEqual(zeroCounts);

    // an empty organization setting is the same as none
    const empty = await db.transaction(async (tx) => {
      await setLocalRole(tx, "runledger_app");
      await tx.execute(sql`select set_config('app.current_org_id', '', true)`);
      return countsPerTable(tx);
    });
    expect(empty).toEqual(zeroCounts);

    await expectPgError(
      db.transaction(async (tx) => {
        await setLocalRole(tx, "runledger_app");
        await rowMakers.todos(tx, A);
      }),
      { code: "42501", message: /row-level security/ },
    );
  });

  it("withTenant rejects an organization id that is not a uuid, before touching the database", async () => {
    const { db } = ctx();
    for (const bad of [
      "",
      "not-a-uuid",
      `${A.org.id} `,
      `${A.org.id}' or '1'='1`,
      A.org.id.replaceAll("-", ""),
    ]) {
      let called = false;
      await expect(
        withTenant(db, bad, async () => {
          called = true;
        }),
      ).rejects.toBeInstanceOf(TenantError);
      expect(called, bad).toBe(false);
    }
  });

  it("inside withTenant the session is the unprivileged application role with the organization set", async () => {
    const found = await withTenant(ctx().db, A.org.id, (tx) =>
      query<{ user: string; rolsuper: boolean; rolbypassrls: boolean; org: string }>(
        tx,
        sql`select current_user as user, rolsuper, rolbypassrls, current_setting('app.current_org_id') as org
            from pg_roles where rolname = current_user`,
      ),
    );
    expect(found).toEqual([{ user: "runledger_app", rolsuper: false, rolbypassrls: false, org: A.org.id }]);
  });

  it("asAuth reads users and api_tokens of every organization but no tenant data", async () => {
    const { db } = ctx();
    const ids = [A.users[0].id, B.users[0].id];
    const found = await asAuth(db, async (tx) => ({
      users: await query<{ id: string }>(
        tx,
        sql`select id from users where id in (${ids[0]}, ${ids[1]}) order by id`,
      ),
      tokens: await query<{ id: string }>(
        tx,
        sql`select id from api_tokens where id in (${A.apiToken.id}, ${B.apiToken.id}) order by id`,
      ),
      role: await query<{ user: string }>(tx, sql`select current_user as user`),
    }));
    expect(found.users.map((r) => r.id)).toEqual([...ids].sort());
    expect(found.tokens.map((r) => r.id)).toEqual([A.apiToken.id, B.apiToken.id].sort());
    expect(found.role).toEqual([{ user: "runledger_auth" }]);

    for (const forbidden of ["workflow_runs", "workflow_run_steps", "resumes", "audit_logs"] as const) {
      await expectPgError(
        asAuth(db, (tx) => tx.execute(sql`select id from ${table(forbidden)}`)),
        { code: "42501", message: /permission denied/ },
      );
    }
    // it may stamp a login, but not change anything else
    await expectPgError(
      asAuth(db, (tx) => tx.execute(sql`update users set role = 'admin' where id = ${B.users[1].id}`)),
      { code: "42501", message: /permission denied/ },
    );
    const touched = await asAuth(db, (tx) =>
      query<{ id: string }>(
        tx,
        sql`update users set last_login_at = now() where id = ${B.users[1].id} returning id`,
      ),
    );
    expect(touched).toEqual([{ id: B.users[1].id }]);
  });

  it("asWorker reads and updates steps of every organization but cannot read users", async () => {
    const { db } = ctx();
    const stepIds = [A.steps[0]!.id, B.steps[0]!.id].sort();
    const found = await asWorker(db, (tx) =>
      query<{ id: string; org_id: string }>(
        tx,
        sql`select id, org_id from workflow_run_steps where id in (${stepIds[0]}, ${stepIds[1]}) order by id`,
      ),
    );
    expect(found.map((r) => r.id)).toEqual(stepIds);
    expect(new Set(found.map((r) => r.org_id))).toEqual(new Set([A.org.id, B.org.id]));

    for (const forbidden of ["users", "api_tokens", "resumes", "audit_logs"] as const) {
      await expectPgError(
        asWorker(db, (tx) => tx.execute(sql`select id from ${table(forbidden)}`)),
        { code: "42501", message: /permission denied/ },
      );
    }
    await expectPgError(
      asWorker(db, (tx) => tx.execute(sql`delete from workflow_run_steps where id = ${A.steps[1]!.id}`)),
      { code: "42501", message: /permission denied/ },
    );
  });

  it("the organization does not leak to the next transaction on the same connection", async () => {
    const { driver, db: shared, url } = ctx();
    // one connection, so the next transaction surely reuses the one withTenant used
    const single = driver === "postgres" ? openPostgres(url!, 1) : null;
    const db = single?.db ?? shared;
    try {
      const inside = await withTenant(db, A.org.id, (tx) =>
        query<{ n: number }>(tx, sql`select count(*)::int as n from users`),
      );
      expect(inside).toEqual([{ n: 2 }]);
      await expect(
        withTenant(db, A.org.id, async () => {
          throw new Error("handler failed");
        }),
      ).rejects.toThrow("handler failed");

      const after = await db.transaction(async (tx) => {
        const session = await query<{ user: string; org: string | null; pid: number }>(
          tx,
          sql`select current_user as user, current_setting('app.current_org_id', true) as org,
                     pg_backend_pid() as pid`,
        );
        await setLocalRole(tx, "runledger_app");
        return { session, counts: await countsPerTable(tx) };
      });
      expect(after.session[0]!.user).not.toBe("runledger_app");
      expect(after.session[0]!.org ?? "").toBe("");
      expect(after.counts).toEqual(zeroCounts);
    } finally {
      await single?.close();
    }
  });

  it("a tenant cannot see an organization row other than its own", async () => {
    const found = await withTenant(ctx().db, A.org.id, (tx) =>
      query<{ id: string }>(tx, sql`select id from organizations where id in (${A.org.id}, ${B.org.id})`),
    );
    expect(found).toEqual([{ id: A.org.id }]);
    const missing = randomUUID();
    const none = await withTenant(ctx().db, missing, (tx) =>
      query<{ id: string }>(tx, sql`select id from organizations`),
    );
    expect(none).toEqual([]);
  });
});
