import { expect, it } from "vitest";
import * as jobs from "@/app/api/jobs/route";
import * as me from "@/app/api/me/route";
import * as tokens from "@/app/api/tokens/route";
import * as users from "@/app/api/users/route";
import * as runs from "@/app/api/workflow/executions/route";
import { withTenant } from "@/db/tenant";
import { allows, permissions, scopeNames } from "@/lib/auth/permissions";
import { createToken } from "@/lib/auth/tokens";
import type { Caller } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { call, expectError, resTenants } from "../../helpers/res-api";

describeDrivers("api token scopes", (ctx) => {
  const t = resTenants(ctx);

  /** The same user as `caller`, through a token with these scopes. */
  async function scoped(caller: Caller, scopes: string[]): Promise<Caller> {
    const { token } = await withTenant(t.db, caller.orgId, (tx) =>
      createToken(tx, { orgId: caller.orgId, userId: caller.userId, name: "scoped", scopes }),
    );
    return { ...caller, token };
  }
  const jobBody = { title: "Scoped job", description: "Builds things." };

  it("a token scoped to runs:read_own reads its runs and can do nothing else", async () => {
    const readOnly = await scoped(t.A.admin, ["runs:read_own"]);
    expect((await call(runs.GET, "GET", { as: readOnly })).status).toBe(200);
    expectError(await call(jobs.POST, "POST", { as: readOnly, body: jobBody }), 403, "forbidden", {
      message: "This API token's scopes do not include jobs:write",
    });
    expectError(await call(users.GET, "GET", { as: readOnly }), 403, "forbidden");
    expectError(await call(tokens.POST, "POST", { as: readOnly, body: { name: "more" } }), 403, "forbidden");
    expectError(await call(runs.GET, "GET", { as: readOnly, query: { scope: "org" } }), 403, "forbidden");
    const who = await call(me.GET, "GET", { as: readOnly });
    expect(who.body).toMatchObject({ scopes: ["runs:read_own"], permissions: ["runs:read_own"] });
  });

  it("a token without scopes has its role's rights except minting tokens", async () => {
    const plain = t.A.recruiter; // makeCaller's token has no scopes
    expect((await call(jobs.POST, "POST", { as: plain, body: jobBody })).status).toBe(201);
    expectError(await call(tokens.POST, "POST", { as: plain, body: { name: "more" } }), 403, "forbidden");
    const who = await call(me.GET, "GET", { as: plain });
    const expected = scopeNames.filter(
      (p) => (permissions[p] as readonly string[]).includes("recruiter") && !p.startsWith("tokens:"),
    );
    expect(who.body.permissions).toEqual(expected);
    // the same user signed in has token management
    expect(
      (await call(tokens.POST, "POST", { as: plain, viaCookie: true, body: { name: "mine" } })).status,
    ).toBe(201);
  });

  it("a token can never grant more than its creator has", async () => {
    const minter = await scoped(t.A.manager, ["tokens:manage_own", "runs:read_own", "jobs:read"]);
    const beyond = await call(tokens.POST, "POST", {
      as: minter,
      body: { name: "wider", scopes: ["runs:read_own", "jobs:write"] },
    });
    expectError(beyond, 403, "forbidden");
    expect(beyond.body.error?.details).toEqual({ scopes: ["jobs:write"] });

    const narrower = await call(tokens.POST, "POST", {
      as: minter,
      body: { name: "narrow", scopes: ["jobs:read"] },
    });
    expect(narrower.status).toBe(201);
    expect(narrower.body.scopes).toEqual(["jobs:read"]);

    // naming no scopes passes on exactly the minting token's
    const same = await call(tokens.POST, "POST", { as: minter, body: { name: "same" } });
    expect(same.status).toBe(201);
    expect((same.body.scopes as string[]).sort()).toEqual([
      "jobs:read",
      "runs:read_own",
      "tokens:manage_own",
    ]);
    const child = { ...t.A.manager, token: same.body.token as string };
    expectError(await call(jobs.POST, "POST", { as: child, body: jobBody }), 403, "forbidden");
  });

  it("a signed-in user cannot mint a token with a permission their role lacks, nor an unknown scope", async () => {
    const recruiter = t.A.recruiter;
    expectError(
      await call(tokens.POST, "POST", {
        as: recruiter,
        viaCookie: true,
        body: { name: "admin powers", scopes: ["users:manage"] },
      }),
      403,
      "forbidden",
    );
    const unknown = await call(tokens.POST, "POST", {
      as: recruiter,
      viaCookie: true,
      body: { name: "typo", scopes: ["runs:raed_own"] },
    });
    expect(unknown.status).toBe(400);
  });

  it("allows() is the role table narrowed by the scopes, for every permission and role", () => {
    for (const role of ["admin", "manager", "recruiter", "analyst"] as const) {
      for (const p of scopeNames) {
        const roleHas = (permissions[p] as readonly string[]).includes(role);
        expect(allows({ role, scopes: null }, p)).toBe(roleHas);
        expect(allows({ role, scopes: [p] }, p)).toBe(roleHas);
        expect(allows({ role, scopes: scopeNames.filter((x) => x !== p) }, p)).toBe(false);
        expect(allows({ role, scopes: [] }, p)).toBe(roleHas && !p.startsWith("tokens:"));
      }
    }
  });
});
