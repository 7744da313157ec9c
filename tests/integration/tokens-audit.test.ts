import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { apiTokens, auditLogs, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit, requestMeta } from "@/lib/audit";
import { CLIENT_ADDRESS_HEADER } from "@/scripts/client-address.mjs";
import { authenticateToken, createToken, hashToken, listTokens, revokeToken } from "@/lib/auth/tokens";
import { describeDrivers, pgError, query } from "../helpers/db";
import { makeUser, makeWorld, sha256, type World } from "../helpers/factories";

describeDrivers("api tokens and audit", (ctx) => {
  let A: World;
  let B: World;
  const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(ctx().db, A.org.id, fn);
  const inB = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(ctx().db, B.org.id, fn);

  beforeAll(async () => {
    A = await makeWorld(ctx().db);
    B = await makeWorld(ctx().db);
  });

  it("createToken returns the token once and stores only its hash", async () => {
    const { db } = ctx();
    const user = A.users[0];
    const expiresAt = new Date(Date.now() + 86_400_000);
    const created = await inA((tx) =>
      createToken(tx, { orgId: A.org.id, userId: user.id, name: "ci", scopes: ["runs:write"], expiresAt }),
    );
    expect(created.token).toMatch(/^rl_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    expect(created.name).toBe("ci");
    expect(created.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(Object.keys(created).sort()).toEqual(["createdAt", "expiresAt", "id", "name", "prefix", "token"]);

    const [stored] = await query<{ row: string; token_hash: string; prefix: string; scopes: string[] }>(
      db,
      sql`select to_jsonb(t)::text as row, token_hash, prefix, scopes from api_tokens t where id = ${created.id}`,
    );
    expect(stored!.token_hash).toBe(sha256(created.token));
    expect(stored!.token_hash).toBe(hashToken(created.token));
    expect(stored!.prefix).toBe(created.token.slice(0, 10));
    expect(stored!.scopes).toEqual(["runs:write"]);
    expect(stored!.row).not.toContain(created.token);
    expect(stored!.row).not.toContain(created.token.slice(10));

    // and it is never handed out again
    const listed = await inA((tx) => listTokens(tx, { orgId: A.org.id, userId: user.id }));
    const mine = listed.find((t) => t.id === created.id);
    expect(mine).toBeDefined();
    expect(JSON.stringify(mine)).not.toContain(created.token.slice(10));
    expect(Object.keys(mine!)).not.toContain("tokenHash");
  });

  it("authenticateToken resolves a live token to its user and stamps last_used_at", async () => {
    const { db } = ctx();
    const user = A.users[1];
    const created = await inA((tx) => createToken(tx, { orgId: A.org.id, userId: user.id, name: "cli" }));
    const before = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(before[0]!.lastUsedAt).toBeNull();

    const started = Date.now();
    const principal = await authenticateToken(db, created.token);
    expect(principal).toEqual({
      tokenId: created.id,
      userId: user.id,
      orgId: A.org.id,
      role: "recruiter",
      email: user.email,
      name: user.name,
      scopes: [],
    });
    const [after] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(after!.lastUsedAt).toBeInstanceOf(Date);
    expect(after!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    expect(after!.lastUsedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it("authenticateToken rejects revoked, expired, unknown and malformed tokens and inactive users", async () => {
    const { db } = ctx();
    const orgId = A.org.id;
    const made = await inA(async (tx) => {
      const inactive = await makeUser(tx, { orgId, role: "manager", isActive: false });
      return {
        revoked: await createToken(tx, { orgId, userId: A.users[0].id, name: "revoked" }),
        expired: await createToken(tx, {
          orgId,
          userId: A.users[0].id,
          name: "expired",
          expiresAt: new Date(Date.now() - 1_000),
        }),
        future: await createToken(tx, {
          orgId,
          userId: A.users[0].id,
          name: "future",
          expiresAt: new Date(Date.now() + 60_000),
        }),
        inactive: await createToken(tx, { orgId, userId: inactive.id, name: "inactive" }),
      };
    });
    expect(await authenticateToken(db, made.revoked.token)).not.toBeNull();
    expect(await inA((tx) => revokeToken(tx, { orgId, tokenId: made.revoked.id }))).toBe(true);
    expect(await authenticateToken(db, made.revoked.token)).toBeNull();
    // revoking twice reports that there was nothing live to revoke
    expect(await inA((tx) => revokeToken(tx, { orgId, tokenId: made.revoked.id }))).toBe(false);

    expect(await authenticateToken(db, made.expired.token)).toBeNull();
    expect((await authenticateToken(db, made.future.token))?.tokenId).toBe(made.future.id);
    expect(await authenticateToken(db, made.inactive.token)).toBeNull();

    const unknown = `rl_${randomBytes(32).toString("base64url")}`;
    for (const token of [
      unknown,
      "",
      "rl_",
      made.future.token.slice(3), // without its prefix
      `Bearer ${made.future.token}`,
      `${made.future.token}x`,
      `rl_${"a".repeat(300)}`,
    ]) {
      expect(await authenticateToken(db, token), token.slice(0, 20)).toBeNull();
    }
    // none of the rejected attempts stamped a token
    const stamped = await query<{ name: string }>(
      db,
      sql`select name from api_tokens where id in (${made.revoked.id}, ${made.expired.id}, ${made.inactive.id})
          and last_used_at is not null and last_used_at > now() - interval '1 hour' order by name`,
    );
    expect(stamped).toEqual([{ name: "revoked" }]); // used once while it was live
  });

  it("listTokens and revokeToken stay inside the organization", async () => {
    const { db } = ctx();
    const tokenB = await inB((tx) =>
      createToken(tx, { orgId: B.org.id, userId: B.users[0].id, name: "b-token" }),
    );
    const tokenA = await inA((tx) =>
      createToken(tx, { orgId: A.org.id, userId: A.users[1].id, name: "a-token" }),
    );

    const listedA = await inA((tx) => listTokens(tx, { orgId: A.org.id }));
    expect(listedA.map((t) => t.id)).toContain(tokenA.id);
    expect(listedA.map((t) => t.id)).not.toContain(tokenB.id);
    const ownerCountA = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from api_tokens where org_id = ${A.org.id}`,
    );
    expect(listedA).toHaveLength(ownerCountA[0]!.n);
    // sorted newest first
    const times = listedA.map((t) => t.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));

    // asking for B's tokens from A's tenant finds nothing, whatever the filter says
    expect(await inA((tx) => listTokens(tx, { orgId: B.org.id }))).toEqual([]);
    const byUser = await inA((tx) => listTokens(tx, { orgId: A.org.id, userId: A.users[1].id }));
    expect(byUser.every((t) => t.userId === A.users[1].id)).toBe(true);
    expect(byUser.map((t) => t.id)).toContain(tokenA.id);

    expect(await inA((tx) => revokeToken(tx, { orgId: B.org.id, tokenId: tokenB.id }))).toBe(false);
    expect(await inA((tx) => revokeToken(tx, { orgId: A.org.id, tokenId: tokenB.id }))).toBe(false);
    // a user filter that does not match leaves the token alone
    expect(
      await inA((tx) => revokeToken(tx, { orgId: A.org.id, tokenId: tokenA.id, userId: A.users[0].id })),
    ).toBe(false);
    expect((await authenticateToken(db, tokenB.token))?.orgId).toBe(B.org.id);
    expect((await authenticateToken(db, tokenA.token))?.orgId).toBe(A.org.id);

    expect(await inB((tx) => revokeToken(tx, { orgId: B.org.id, tokenId: tokenB.id }))).toBe(true);
    expect(await authenticateToken(db, tokenB.token)).toBeNull();
    const [revoked] = await db.select().from(apiTokens).where(eq(apiTokens.id, tokenB.id));
    expect(revoked!.revokedAt).toBeInstanceOf(Date);
  });

  // Foreign keys are checked without row-level security, so a tenant can store a token row whose
  // user belongs to another organization. Such a token must never open that other organization.
  it("a token whose organization is not its user's organization never authenticates", async () => {
    const { db } = ctx();
    const victim = B.users[0]; // B's admin
    let token: string | null = null;
    try {
      const created = await inA((tx) =>
        createToken(tx, { orgId: A.org.id, userId: victim.id, name: "cross-org" }),
      );
      token = created.token;
    } catch (error) {
      // refusing to store the row at all (a composite foreign key) is just as good
      expect(["23503", "42501"]).toContain(pgError(error)?.code);
    }
    if (token !== null) {
      const principal = await authenticateToken(db, token);
      expect(principal?.orgId ?? null, "token minted in A authenticated into B").toBeNull();
    }
  });

  it("audit() records who did what to which resource, from where, and whether it worked", async () => {
    // the address is the one the server decided (scripts/serve.mjs); what a client writes is ignored
    expect(
      requestMeta(new Headers({ "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" })),
    ).toEqual({
      ipAddress: null,
      userAgent: null,
    });
    const headers = new Headers({
      "x-forwarded-for": "198.51.100.1",
      [CLIENT_ADDRESS_HEADER]: "203.0.113.7",
      "user-agent": `Mozilla/5.0 ${"x".repeat(600)}`,
    });
    const meta = requestMeta(headers);
    expect(meta.ipAddress).toBe("203.0.113.7");
    const resourceId = `WF-${randomBytes(4).toString("hex")}`;
    await inA((tx) =>
      audit(
        tx,
        { orgId: A.org.id, userId: A.users[0].id, apiTokenId: A.apiToken.id, ...meta },
        {
          action: "run.cancel",
          resourceType: "workflow_run",
          resourceId,
          success: false,
          details: { reason: "x" },
        },
      ),
    );
    const found = await inA((tx) => tx.select().from(auditLogs).where(eq(auditLogs.resourceId, resourceId)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      orgId: A.org.id,
      userId: A.users[0].id,
      apiTokenId: A.apiToken.id,
      action: "run.cancel",
      resourceType: "workflow_run",
      resourceId,
      ipAddress: "203.0.113.7",
      userAgent: `Mozilla/5.0 ${"x".repeat(600)}`.slice(0, 512),
      success: false,
      details: { reason: "x" },
    });
    expect(found[0]!.userAgent).toHaveLength(512);
    expect(found[0]!.createdAt).toBeInstanceOf(Date);

    // defaults: success true, empty details, nulls for the unknown actor fields
    const plainId = `JD-${randomBytes(4).toString("hex")}`;
    await inA((tx) =>
      audit(
        tx,
        { orgId: A.org.id },
        { action: "jd.create", resourceType: "job_description", resourceId: plainId },
      ),
    );
    const [plain] = await inA((tx) => tx.select().from(auditLogs).where(eq(auditLogs.resourceId, plainId)));
    expect(plain).toMatchObject({
      userId: null,
      apiTokenId: null,
      ipAddress: null,
      userAgent: null,
      success: true,
      details: {},
    });
    // B cannot read A's audit trail
    expect(
      await inB((tx) => tx.select().from(auditLogs).where(eq(auditLogs.resourceId, resourceId))),
    ).toEqual([]);
  });

  it("audit() commits and rolls back with the transaction that made the change", async () => {
    const { db } = ctx();
    const resourceId = `user-${randomBytes(4).toString("hex")}`;
    const target = A.users[1];
    await expect(
      inA(async (tx) => {
        await tx.update(users).set({ name: "Renamed" }).where(eq(users.id, target.id));
        await audit(
          tx,
          { orgId: A.org.id, userId: A.users[0].id },
          { action: "user.rename", resourceType: "user", resourceId },
        );
        throw new Error("validation failed after the write");
      }),
    ).rejects.toThrow("validation failed after the write");
    const logged = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_logs where resource_id = ${resourceId}`,
    );
    expect(logged).toEqual([{ n: 0 }]);
    const [unchanged] = await db.select().from(users).where(eq(users.id, target.id));
    expect(unchanged!.name).toBe(target.name);

    await inA(async (tx) => {
      await tx.update(users).set({ name: "Renamed" }).where(eq(users.id, target.id));
      await audit(
        tx,
        { orgId: A.org.id, userId: A.users[0].id },
        { action: "user.rename", resourceType: "user", resourceId },
      );
    });
    expect(
      await query<{ n: number }>(
        db,
        sql`select count(*)::int as n from audit_logs where resource_id = ${resourceId}`,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it("audit() cannot write an entry for another organization", async () => {
    await expect(
      inA((tx) => audit(tx, { orgId: B.org.id }, { action: "x", resourceType: "y" })),
    ).rejects.toThrow();
    const entries = await query<{ n: number }>(
      ctx().db,
      sql`select count(*)::int as n from audit_logs where org_id = ${B.org.id} and action = 'x'`,
    );
    expect(entries).toEqual([{ n: 0 }]);
  });
});
