import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as audit from "@/app/api/audit/route";
import * as jobs from "@/app/api/jobs/route";
import * as views from "@/app/api/saved-views/route";
import * as view from "@/app/api/saved-views/[viewId]/route";
import * as settings from "@/app/api/settings/route";
import * as users from "@/app/api/users/route";
import * as user from "@/app/api/users/[userId]/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import { auditLogs, organizations, users as usersTable } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { verifyPassword } from "@/lib/auth/password";
import { makeCaller, makeTenant } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { makeAuditLog } from "../../helpers/factories";
import {
  call,
  expectError,
  expectValidation,
  orgFingerprint,
  UNKNOWN_ID,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";

type Row = Record<string, unknown> & { id: string };

describeDrivers("resource API: users, audit, settings, saved views", (ctx) => {
  const s = resTenants(ctx);

  describe("users", () => {
    it("creates a user with a bcrypt hash (never returned), audited; lists without secrets", async () => {
      const email = `New.Person.${Date.now()}@Example.test`;
      const res = await call(users.POST, "POST", {
        as: s.A.admin,
        body: { email, name: "New Person", role: "recruiter", password: "correct horse battery" },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        name: "New Person",
        role: "recruiter",
        is_active: true,
        last_login_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const [row] = await s.db
        .select()
        .from(usersTable)
        .where(eq(usersTable.id, res.body.id as string));
      expect(row!.passwordHash).toMatch(/^\$2[aby]\$12\$/);
      expect(await verifyPassword("correct horse battery", row!.passwordHash)).toBe(true);
      const entry = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, row!.id), eq(auditLogs.action, "user.create")));
      expect(entry).toHaveLength(1);
      expect(JSON.stringify(entry)).not.toContain("correct horse");

      const list = await call(users.GET, "GET", {
        as: s.A.admin,
        query: { q: "New Person", role: "recruiter", is_active: "true" },
      });
      expect(list.status).toBe(200);
      expect(list.text).not.toContain("password");
      expect((list.body.users as Row[]).map((u) => u.id)).toContain(row!.id);
      const all = await call(users.GET, "GET", { as: s.A.admin, query: { limit: "100" } });
      expect((all.body.users as Row[]).every((u) => u.email !== s.B.admin.email)).toBe(true);
    });

    it.each([
      ["short password", { password: "elevenchars" }, ["body.password"]],
      ["a common password", { password: "password1234" }, ["body.password"]],
      [
        "the user's own e-mail as password",
        { email: "pat.doe@example.test", password: "pat.doe@example.test" },
        ["body.password"],
      ],
      ["bad e-mail", { email: "not-an-email" }, ["body.email"]],
      ["unknown role", { role: "owner" }, ["body.role"]],
      ["password hash", { password_hash: "$2b$" }, ["body"]],
      ["org id", { org_id: UNKNOWN_ID }, ["body"]],
      ["is_active", { is_active: false }, ["body"]],
    ])("POST 400 on %s", async (_name, patch, paths) => {
      const body = {
        email: `x${Date.now()}@example.test`,
        name: "X",
        role: "analyst",
        password: "long enough pass",
        ...patch,
      };
      expectValidation(await call(users.POST, "POST", { as: s.A.admin, body }), paths);
    });

    it("409 for an e-mail taken in any organization (case-insensitively); 403 for non-admins", async () => {
      for (const email of [s.A.recruiter.email.toUpperCase(), s.B.admin.email]) {
        expectError(
          await call(users.POST, "POST", {
            as: s.A.admin,
            body: { email, name: "Dup", role: "analyst", password: "long enough pass" },
          }),
          409,
          "conflict",
          { message: "A user with this e-mail already exists" },
        );
      }
      for (const as of [s.A.manager, s.A.recruiter, s.A.analyst]) {
        expectError(await call(users.GET, "GET", { as }), 403, "forbidden");
      }
      expect(Object.keys(user)).not.toContain("DELETE");
    });

    it("PATCH renames, changes roles, deactivates (tokens stop working) and reactivates", async () => {
      const member = await makeCaller(ctx().handle, s.A.org, "recruiter");
      const renamed = await call(user.PATCH, "PATCH", {
        as: s.A.admin,
        params: { userId: member.userId },
        body: { name: "Renamed", role: "manager" },
      });
      expect(renamed.body).toMatchObject({ name: "Renamed", role: "manager", is_active: true });
      const off = await call(user.PATCH, "PATCH", {
        as: s.A.admin,
        params: { userId: member.userId },
        body: { is_active: false },
      });
      expect(off.body.is_active).toBe(false);
      expectError(
        await call(jobs.GET, "GET", {
          as: member,
          headers: { "x-runledger-client-address": "198.51.100.9" },
        }),
        401,
        "unauthorized",
      );
      // the session cookie signed before the change stops working too, not only at its expiry
      expectError(await call(jobs.GET, "GET", { as: member, viaCookie: true }), 401, "unauthorized");
      await call(user.PATCH, "PATCH", {
        as: s.A.admin,
        params: { userId: member.userId },
        body: { is_active: true },
      });
      expect((await call(jobs.GET, "GET", { as: member })).status).toBe(200);
      expect((await call(jobs.GET, "GET", { as: member, viaCookie: true })).status).toBe(200);
      const entries = await s.db.select().from(auditLogs).where(eq(auditLogs.resourceId, member.userId));
      expect(entries.map((e) => e.action).sort()).toEqual(["user.deactivate", "user.update", "user.update"]);
      expect(entries.find((e) => e.action === "user.deactivate")?.details).toMatchObject({
        changes: { is_active: { from: true, to: false } },
      });
      expectValidation(
        await call(user.PATCH, "PATCH", {
          as: s.A.admin,
          params: { userId: member.userId },
          body: { email: "x@y.z" },
        }),
        ["body"],
      );
      expectValidation(
        await call(user.PATCH, "PATCH", { as: s.A.admin, params: { userId: member.userId }, body: {} }),
        ["body"],
      );
    });

    it("409 for demoting or deactivating yourself and for removing the last active admin; 404 across tenants", async () => {
      expectError(
        await call(user.PATCH, "PATCH", {
          as: s.A.admin,
          params: { userId: s.A.admin.userId },
          body: { role: "manager" },
        }),
        409,
        "conflict",
        { message: "You cannot remove your own admin role" },
      );
      expectError(
        await call(user.PATCH, "PATCH", {
          as: s.A.admin,
          params: { userId: s.A.admin.userId },
          body: { is_active: false },
        }),
        409,
        "conflict",
        { message: "You cannot deactivate your own account" },
      );
      // renaming yourself is fine
      expect(
        (
          await call(user.PATCH, "PATCH", {
            as: s.A.admin,
            params: { userId: s.A.admin.userId },
            body: { name: "Me" },
          })
        ).status,
      ).toBe(200);

      // an organization with two admins: X deactivates Y; Y's still-unexpired session cookie is refused
      // outright (the session is checked against the user row on every request), so Y cannot take X out
      const t = await makeTenant(ctx().handle);
      const y = await makeCaller(ctx().handle, t.org, "admin");
      expect(
        (
          await call(user.PATCH, "PATCH", {
            as: t.admin,
            params: { userId: y.userId },
            body: { is_active: false },
          })
        ).status,
      ).toBe(200);
      expectError(
        await call(user.PATCH, "PATCH", {
          as: y,
          viaCookie: true,
          params: { userId: t.admin.userId },
          body: { role: "analyst" },
        }),
        401,
        "unauthorized",
        { message: "Authentication required" },
      );

      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(
        await call(user.PATCH, "PATCH", {
          as: s.A.admin,
          params: { userId: s.B.recruiter.userId },
          body: { is_active: false },
        }),
        404,
        "not_found",
        { message: "User not found" },
      );
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
    });

    it("two admins removing each other at once: at most one succeeds, an active admin remains", async () => {
      const t = await makeTenant(ctx().handle);
      const y = await makeCaller(ctx().handle, t.org, "admin");
      const [a, b] = await Promise.all([
        call(user.PATCH, "PATCH", { as: t.admin, params: { userId: y.userId }, body: { role: "analyst" } }),
        call(user.PATCH, "PATCH", { as: y, params: { userId: t.admin.userId }, body: { role: "analyst" } }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      // the loser either raced the winner inside the transaction (409), or authenticated after the
      // winner committed and is no longer an admin (403)
      expect([403, 409]).toContain(statuses[1]);
      const admins = await s.db
        .select()
        .from(usersTable)
        .where(
          and(eq(usersTable.orgId, t.org.id), eq(usersTable.role, "admin"), eq(usersTable.isActive, true)),
        );
      expect(admins).toHaveLength(1);
    });
  });

  describe("audit log", () => {
    it("filters and pages by keyset cursor; never shows another organization's entries", async () => {
      const t = await makeTenant(ctx().handle);
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await call(jobs.POST, "POST", {
          as: t.recruiter,
          body: { title: `Audited ${i}`, description: "d" },
        });
        made.push(String(res.body.jd_id));
      }
      await withTenant(s.db, t.org.id, (tx) =>
        makeAuditLog(tx, { orgId: t.org.id, action: "login.failed", resourceType: "user", success: false }),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await call(audit.GET, "GET", {
          as: t.admin,
          query: { action: "job_description.*", limit: "2", ...(cursor ? { cursor } : {}) },
        });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(5);
        seen.push(...(res.body.entries as Row[]).map((e) => String(e.resource_id)));
        cursor = (res.body.next_cursor as string | null) ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...made].reverse());
      const exact = await call(audit.GET, "GET", {
        as: t.admin,
        query: {
          action: "job_description.create",
          resource_type: "job_description",
          resource_id: made[2]!,
          user_id: t.recruiter.userId,
        },
      });
      expect(exact.body.entries).toEqual([
        expect.objectContaining({
          action: "job_description.create",
          resource_id: made[2],
          user_id: t.recruiter.userId,
          api_token_id: expect.any(String),
          success: true,
        }),
      ]);
      const failures = await call(audit.GET, "GET", { as: t.admin, query: { success: "false" } });
      expect((failures.body.entries as Row[]).map((e) => e.action)).toEqual(["login.failed"]);
      const future = await call(audit.GET, "GET", { as: t.admin, query: { from: "2999-01-01" } });
      expect(future.body.total).toBe(0);
      const all = await call(audit.GET, "GET", { as: t.admin, query: { limit: "100" } });
      expect((all.body.entries as Row[]).every((e) => !String(e.resource_id).startsWith("x"))).toBe(true);
      const bIds = (await s.db.select().from(auditLogs).where(eq(auditLogs.orgId, s.B.org.id))).map(
        (e) => e.id,
      );
      for (const id of bIds) expect(all.text).not.toContain(id);
      expectValidation(await call(audit.GET, "GET", { as: t.admin, query: { action: "DROP TABLE" } }), [
        "query.action",
      ]);
      expectValidation(await call(audit.GET, "GET", { as: t.admin, query: { success: "maybe" } }), [
        "query.success",
      ]);
      expectError(await call(audit.GET, "GET", { as: t.manager }), 403, "forbidden");
    });
  });

  describe("settings", () => {
    it("reads and changes retention, private webhooks and the intake workflow, audited with the diff", async () => {
      const t = await makeTenant(ctx().handle);
      const got = await call(settings.GET, "GET", { as: t.admin });
      expect(got.body).toMatchObject({
        org_id: t.org.id,
        retention_days: null,
        allow_private_webhooks: false,
        intake_workflow_id: null,
      });
      const wfRes = await call(workflows.POST, "POST", { as: t.admin, body: workflowBody() });
      const workflowId = String(wfRes.body.id);
      const res = await call(settings.PATCH, "PATCH", {
        as: t.admin,
        body: { retention_days: 30, allow_private_webhooks: true, intake_workflow_id: workflowId },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        retention_days: 30,
        allow_private_webhooks: true,
        intake_workflow_id: workflowId,
      });
      const [org] = await s.db.select().from(organizations).where(eq(organizations.id, t.org.id));
      expect(org).toMatchObject({
        retentionDays: 30,
        intakeWorkflowId: workflowId,
        settings: { allowPrivateWebhooks: true },
      });
      const [entry] = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, t.org.id), eq(auditLogs.action, "settings.update")));
      expect(entry!.details).toEqual({
        changes: {
          retention_days: { from: null, to: 30 },
          allow_private_webhooks: { from: false, to: true },
          intake_workflow_id: { from: null, to: workflowId },
        },
      });
      const cleared = await call(settings.PATCH, "PATCH", {
        as: t.admin,
        body: { intake_workflow_id: null },
      });
      expect(cleared.body.intake_workflow_id).toBeNull();
    });

    it("400 out-of-range or unknown fields, 404 foreign workflow, 409 deleted workflow, 403 non-admins", async () => {
      for (const [body, path] of [
        [{ retention_days: 0 }, "body.retention_days"],
        [{ retention_days: 36_501 }, "body.retention_days"],
        [{ retention_days: 1.5 }, "body.retention_days"],
        [{ name: "Renamed" }, "body"],
        [{ slug: "x" }, "body"],
        [{}, "body"],
      ] as const) {
        expectValidation(await call(settings.PATCH, "PATCH", { as: s.A.admin, body }), [path]);
      }
      const theirs = await call(workflows.POST, "POST", { as: s.B.admin, body: workflowBody() });
      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(
        await call(settings.PATCH, "PATCH", {
          as: s.A.admin,
          body: { intake_workflow_id: String(theirs.body.id) },
        }),
        404,
        "not_found",
      );
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      const mine = await call(workflows.POST, "POST", { as: s.A.admin, body: workflowBody() });
      await call(wf.DELETE, "DELETE", { as: s.A.admin, params: { workflowId: String(mine.body.id) } });
      expectError(
        await call(settings.PATCH, "PATCH", {
          as: s.A.admin,
          body: { intake_workflow_id: String(mine.body.id) },
        }),
        409,
        "conflict",
      );
      for (const as of [s.A.manager, s.A.recruiter, s.A.analyst]) {
        expectError(await call(settings.GET, "GET", { as }), 403, "forbidden");
        expectError(
          await call(settings.PATCH, "PATCH", { as, body: { retention_days: 10 } }),
          403,
          "forbidden",
        );
      }
    });
  });

  describe("saved views", () => {
    it("shows your views and the organization's shared ones; only the owner may change or delete", async () => {
      const page = `p${Date.now()}`;
      const mk = async (as: typeof s.A.admin, name: string, shared: boolean) => {
        const res = await call(views.POST, "POST", {
          as,
          body: { name, page, params: { status: "failed", channel: "web" }, shared },
        });
        expect(res.status, res.text).toBe(201);
        return res.body as Row;
      };
      const mine = await mk(s.A.recruiter, "Failed web runs", false);
      const shared = await mk(s.A.recruiter, "Team view", true);
      const analysts = await mk(s.A.analyst, "Analyst private", false);
      const theirs = await mk(s.B.recruiter, "B shared", true);
      expect(mine).toMatchObject({
        page,
        params: { status: "failed", channel: "web" },
        shared: false,
        mine: true,
        user_id: s.A.recruiter.userId,
      });

      const forManager = await call(views.GET, "GET", { as: s.A.manager, query: { page } });
      expect((forManager.body.views as Row[]).map((v) => [v.id, v.mine])).toEqual([[shared.id, false]]);
      const forOwner = await call(views.GET, "GET", { as: s.A.recruiter, query: { page } });
      expect((forOwner.body.views as Row[]).map((v) => v.id).sort()).toEqual([mine.id, shared.id].sort());
      expect(forOwner.text).not.toContain(analysts.id);
      expect(forOwner.text).not.toContain(theirs.id);

      // others' views, shared or not, are 404 on write (not 403)
      for (const id of [shared.id, mine.id, theirs.id]) {
        expectError(
          await call(view.PATCH, "PATCH", {
            as: s.A.manager,
            params: { viewId: id },
            body: { name: "mine now" },
          }),
          404,
          "not_found",
          {
            message: "Saved view not found",
          },
        );
        expectError(
          await call(view.DELETE, "DELETE", { as: s.A.manager, params: { viewId: id } }),
          404,
          "not_found",
        );
      }
      const renamed = await call(view.PATCH, "PATCH", {
        as: s.A.recruiter,
        params: { viewId: shared.id },
        body: { name: "Team", shared: false },
      });
      expect(renamed.body).toMatchObject({ name: "Team", shared: false });
      expectError(
        await call(view.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { viewId: mine.id },
          body: { name: "Team" },
        }),
        409,
        "conflict",
      );
      expectError(
        await call(views.POST, "POST", { as: s.A.recruiter, body: { name: "Team", page, params: {} } }),
        409,
        "conflict",
        {
          message: "You already have a view with this name on this page",
        },
      );
      const del = await call(view.DELETE, "DELETE", { as: s.A.recruiter, params: { viewId: mine.id } });
      expect(del.status).toBe(204);
      expect(del.text).toBe("");
      const actions = await s.db.select().from(auditLogs).where(eq(auditLogs.resourceId, mine.id));
      expect(actions.map((a) => a.action).sort()).toEqual(["saved_view.create", "saved_view.delete"]);
    });

    it("400 on more than 30 parameters, non-string values, odd names or unknown fields", async () => {
      const params = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`p${i}`, "x"]));
      expectValidation(
        await call(views.POST, "POST", { as: s.A.admin, body: { name: "n", page: "runs", params } }),
        ["body.params"],
      );
      expectValidation(
        await call(views.POST, "POST", {
          as: s.A.admin,
          body: { name: "n", page: "runs", params: { status: 5 } },
        }),
        ["body.params.status"],
      );
      expectValidation(
        await call(views.POST, "POST", {
          as: s.A.admin,
          rawBody: '{"name":"n","page":"runs","params":{"__proto__":"x"}}',
          headers: { "content-type": "application/json" },
        }),
        ["body.params.__proto__"],
      );
      expectValidation(
        await call(views.POST, "POST", { as: s.A.admin, body: { name: "n", page: "Runs!", params: {} } }),
        ["body.page"],
      );
      expectValidation(
        await call(views.POST, "POST", {
          as: s.A.admin,
          body: { name: "n", page: "runs", params: {}, user_id: s.A.recruiter.userId },
        }),
        ["body"],
      );
      expectValidation(await call(views.GET, "GET", { as: s.A.admin, query: { page: "" } }), ["query.page"]);
      expectError(await call(views.GET, "GET", {}), 401, "unauthorized");
    });
  });
});
