import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { expect, it } from "vitest";
import * as password from "@/app/api/me/password/route";
import * as me from "@/app/api/me/route";
import { withTenant } from "@/db/tenant";
import { checkCredentials, endSessions } from "@/lib/auth/login";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { authSecret } from "@/lib/auth/secret";
import { describeDrivers, query } from "../../helpers/db";
import { makeUser, uniq } from "../../helpers/factories";
import { call, expectError, resTenants } from "../../helpers/res-api";

describeDrivers("sessions", (ctx) => {
  const t = resTenants(ctx);

  /** Signs in for real and returns the session cookie next-auth would set. */
  async function signIn(email: string, password: string): Promise<string> {
    const user = await checkCredentials(t.db, { email, password }, { ipAddress: null, userAgent: null });
    expect(user).not.toBeNull();
    const options = authOptions();
    const token = await options.callbacks!.jwt!({
      token: { email, name: user!.name },
      user: user!,
      account: null,
    } as never);
    return `next-auth.session-token=${await encode({ token, secret: authSecret() })}`;
  }

  async function member() {
    const email = `${uniq("session")}@example.test`;
    const password = "a long enough passphrase 42";
    await withTenant(t.db, t.A.org.id, async (tx) =>
      makeUser(tx, {
        orgId: t.A.org.id,
        role: "recruiter",
        email,
        passwordHash: await hashPassword(password, 4),
      }),
    );
    return { email, password };
  }

  it("signing out ends the session: a cookie copied before stops working, a new sign-in works", async () => {
    const { email, password } = await member();
    const cookie = await signIn(email, password);
    const copy = cookie;
    expect((await call(me.GET, "GET", { headers: { cookie } })).status).toBe(200);

    // next-auth's sign-out event, as the sign-out request fires it
    const options = authOptions();
    const payload = (await import("next-auth/jwt")).decode({
      token: cookie.split("=")[1]!,
      secret: authSecret(),
    });
    await options.events!.signOut!({ token: (await payload)!, session: null as never });

    expect((await call(me.GET, "GET", { headers: { cookie: copy } })).status).toBe(401);
    const fresh = await signIn(email, password);
    expect((await call(me.GET, "GET", { headers: { cookie: fresh } })).status).toBe(200);
    expect((await call(me.GET, "GET", { headers: { cookie: copy } })).status).toBe(401);
  });

  it("ending one user's sessions leaves other users signed in", async () => {
    const a = await member();
    const b = await member();
    const cookieA = await signIn(a.email, a.password);
    const cookieB = await signIn(b.email, b.password);
    const who = await call(me.GET, "GET", { headers: { cookie: cookieA } });
    await endSessions(t.db, String(who.body.user_id), t.A.org.id);
    expect((await call(me.GET, "GET", { headers: { cookie: cookieA } })).status).toBe(401);
    expect((await call(me.GET, "GET", { headers: { cookie: cookieB } })).status).toBe(200);
  });

  it("changing the password ends every session of the user, the one asking included; the new password signs in", async () => {
    const { email, password: old } = await member();
    const asking = await signIn(email, old);
    const elsewhere = await signIn(email, old);
    const next = "walrus lantern quietly orbits 93";
    const res = await call(password.POST, "POST", {
      headers: { cookie: asking, origin: "http://runledger.test" },
      body: { current_password: old, new_password: next },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ signed_out: true });
    for (const cookie of [asking, elsewhere])
      expect((await call(me.GET, "GET", { headers: { cookie } })).status).toBe(401);
    const meta = { ipAddress: null, userAgent: null };
    expect(await checkCredentials(t.db, { email, password: old }, meta)).toBeNull();
    const fresh = await signIn(email, next);
    expect((await call(me.GET, "GET", { headers: { cookie: fresh } })).status).toBe(200);
    const audited = await withTenant(t.db, t.A.org.id, (tx) =>
      query<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_logs where action = 'user.password_change'
            and resource_id = (select id::text from users where email = ${email})`,
      ),
    );
    expect(audited[0]!.n).toBe(1);
  });

  it("a wrong current password, a weak or personal new one, or an API token change nothing", async () => {
    const { email, password: old } = await member();
    const cookie = await signIn(email, old);
    const change = (
      body: unknown,
      headers: Record<string, string> = { cookie, origin: "http://runledger.test" },
    ) => call(password.POST, "POST", { headers, body });
    expectError(
      await change({
        current_password: "not it at all 12",
        new_password: "walrus lantern quietly orbits 93",
      }),
      400,
      "validation_error",
      {
        details: [{ path: "body.current_password", message: "is not your current password" }],
      },
    );
    const personal = await change({ current_password: old, new_password: email });
    expect(personal.status).toBe(400);
    expect(personal.body.error?.details).toEqual([
      { path: "body.new_password", message: expect.stringMatching(/^Password /) },
    ]);
    expect((await change({ current_password: old, new_password: "password1234" })).status).toBe(400);
    expect((await change({ current_password: old })).status).toBe(400);
    // an API token (even its owner's admin token) cannot change a password
    const byToken = await call(password.POST, "POST", {
      as: t.A.admin,
      body: { current_password: "whatever it is 1", new_password: "walrus lantern quietly orbits 93" },
    });
    expectError(byToken, 403, "forbidden");
    // nothing changed: the session still works and the old password still signs in
    expect((await call(me.GET, "GET", { headers: { cookie } })).status).toBe(200);
    expect(
      await checkCredentials(t.db, { email, password: old }, { ipAddress: null, userAgent: null }),
    ).not.toBeNull();
  });

  it("the session cookie is Secure when the request came over TLS, with or without NEXTAUTH_URL", () => {
    expect(authOptions({ secure: true }).useSecureCookies).toBe(true);
    expect(authOptions({ secure: false }).useSecureCookies).toBe(false);
  });
});
