// Bearer lookups are cached for TOKEN_CACHE_MS, and api_tokens.last_used_at is written at most once a
// minute per token (it cost a commit on every request). `now` stands in for the passing of time.
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { updateUser } from "@/db/queries/users";
import { withTenant } from "@/db/tenant";
import {
  authenticateToken,
  createToken,
  LAST_USED_EVERY_MS,
  revokeToken,
  TOKEN_CACHE_MS,
} from "@/lib/auth/tokens";
import { describeDrivers, query } from "../helpers/db";
import { makeWorld, type World } from "../helpers/factories";

describeDrivers("api tokens: lookup cache and last_used_at", (ctx) => {
  let A: World;
  const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(ctx().db, A.org.id, fn);

  beforeAll(async () => {
    A = await makeWorld(ctx().db);
  });

  const lastUsed = async (id: string) => {
    const [row] = await query<{ at: string | null }>(
      ctx().db,
      sql`select last_used_at::text as at from api_tokens where id = ${id}`,
    );
    return row!.at;
  };

  it("writes last_used_at on first use, then at most once a minute", async () => {
    const { db } = ctx();
    const created = await inA((tx) =>
      createToken(tx, { orgId: A.org.id, userId: A.users[0].id, name: "hot" }),
    );
    const t0 = Date.now();
    expect((await authenticateToken(db, created.token, t0))?.tokenId).toBe(created.id);
    const first = await lastUsed(created.id);
    expect(first).not.toBeNull();
    // many requests within the minute, some past the lookup cache: the stamp stays as it was
    for (const dt of [1, 10, TOKEN_CACHE_MS + 1, 30_000, LAST_USED_EVERY_MS - 1]) {
      expect((await authenticateToken(db, created.token, t0 + dt))?.tokenId).toBe(created.id);
      expect(await lastUsed(created.id)).toBe(first);
    }
    // a minute later (in the database too) it is written again
    await db.execute(
      sql`update api_tokens set last_used_at = now() - interval '2 minutes' where id = ${created.id}`,
    );
    const aged = await lastUsed(created.id);
    expect((await authenticateToken(db, created.token, t0 + LAST_USED_EVERY_MS + 1))?.tokenId).toBe(
      created.id,
    );
    const second = await lastUsed(created.id);
    expect(second).not.toBe(aged);
    expect(Date.parse(second!)).toBeGreaterThan(Date.parse(aged!));
  });

  it("another process stamped it within the minute: this process writes nothing", async () => {
    const { db } = ctx();
    const created = await inA((tx) =>
      createToken(tx, { orgId: A.org.id, userId: A.users[0].id, name: "shared" }),
    );
    // another web node used the token a moment ago
    await db.execute(
      sql`update api_tokens set last_used_at = now() - interval '5 seconds' where id = ${created.id}`,
    );
    const before = await lastUsed(created.id);
    expect((await authenticateToken(db, created.token))?.tokenId).toBe(created.id);
    expect(await lastUsed(created.id)).toBe(before);
  });

  it("a token revoked elsewhere stops working once the cache window has passed; revoked here, at once", async () => {
    const { db } = ctx();
    const orgId = A.org.id;
    const elsewhere = await inA((tx) => createToken(tx, { orgId, userId: A.users[0].id, name: "elsewhere" }));
    const t0 = Date.now();
    expect(await authenticateToken(db, elsewhere.token, t0)).not.toBeNull();
    // revoked by another node (plain SQL: this process's cache does not hear of it)
    await db.execute(sql`update api_tokens set revoked_at = now() where id = ${elsewhere.id}`);
    expect(await authenticateToken(db, elsewhere.token, t0 + TOKEN_CACHE_MS + 1)).toBeNull();

    const here = await inA((tx) => createToken(tx, { orgId, userId: A.users[0].id, name: "here" }));
    expect(await authenticateToken(db, here.token, t0)).not.toBeNull();
    expect(await inA((tx) => revokeToken(tx, { orgId, tokenId: here.id }))).toBe(true);
    expect(await authenticateToken(db, here.token, t0)).toBeNull();
  });

  it("a user deactivated or given another role here: their cached tokens are dropped at once", async () => {
    const { db } = ctx();
    const orgId = A.org.id;
    const user = A.users[1];
    const created = await inA((tx) => createToken(tx, { orgId, userId: user.id, name: "demoted" }));
    const t0 = Date.now();
    const before = await authenticateToken(db, created.token, t0);
    expect(before?.role).toBe(user.role);
    const other = user.role === "manager" ? "recruiter" : "manager";
    await inA((tx) => updateUser(tx, orgId, user.id, { role: other }));
    expect((await authenticateToken(db, created.token, t0))?.role).toBe(other);
    await inA((tx) => updateUser(tx, orgId, user.id, { isActive: false }));
    expect(await authenticateToken(db, created.token, t0)).toBeNull();
  });
});
