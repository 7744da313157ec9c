import { encode } from "next-auth/jwt";
import { expect, it } from "vitest";
import * as me from "@/app/api/me/route";
import { withTenant } from "@/db/tenant";
import { checkCredentials, endSessions } from "@/lib/auth/login";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { authSecret } from "@/lib/auth/secret";
import { describeDrivers } from "../../helpers/db";
import { makeUser, uniq } from "../../helpers/factories";
import { call, resTenants } from "../../helpers/res-api";

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

  it("the session cookie is Secure when the request came over TLS, with or without NEXTAUTH_URL", () => {
    expect(authOptions({ secure: true }).useSecureCookies).toBe(true);
    expect(authOptions({ secure: false }).useSecureCookies).toBe(false);
  });
});
