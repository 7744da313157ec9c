import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import * as channelConfigs from "@/app/api/channel-configs/route";
import * as channelConfig from "@/app/api/channel-configs/[channel]/route";
import * as configs from "@/app/api/configs/route";
import * as activate from "@/app/api/configs/[configId]/activate/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import * as activeConfig from "@/app/api/workflows/[workflowId]/active-config/route";
import { auditLogs, workflowConfigs } from "@/db/schema";
import { describeDrivers } from "../../helpers/db";
import {
  call,
  expectError,
  expectValidation,
  orgFingerprint,
  UNKNOWN_ID,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";

type Config = {
  id: string;
  scope: string;
  version: number;
  is_active: boolean;
  workflow_id: string | null;
  channel: string | null;
};

describeDrivers("resource API: configs", (ctx) => {
  const s = resTenants(ctx);
  const newWorkflow = async (as = s.A.admin) => {
    const res = await call(workflows.POST, "POST", { as, body: workflowBody() });
    expect(res.status).toBe(201);
    return String(res.body.id);
  };
  const createConfig = async (body: Record<string, unknown>, as = s.A.admin) => {
    const res = await call(configs.POST, "POST", { as, body });
    expect(res.status, res.text).toBe(201);
    return res.body as unknown as Config;
  };
  const activateConfig = (id: string, as = s.A.admin) =>
    call(activate.POST, "POST", { as, params: { configId: id } });
  const activeOf = async (workflowId: string | null, scope: string) =>
    s.db
      .select()
      .from(workflowConfigs)
      .where(
        and(
          eq(workflowConfigs.orgId, s.A.org.id),
          eq(workflowConfigs.scope, scope as "global"),
          workflowId ? eq(workflowConfigs.workflowId, workflowId) : sql`true`,
          eq(workflowConfigs.isActive, true),
        ),
      );

  describe("POST /api/configs", () => {
    it("numbers versions per scope and starts them inactive", async () => {
      const workflowId = await newWorkflow();
      const g1 = await createConfig({ scope: "workflow", workflow_id: workflowId, config: { retries: 1 } });
      const g2 = await createConfig({ scope: "workflow", workflow_id: workflowId, config: { retries: 2 } });
      const c1 = await createConfig({ scope: "channel", channel: "voice", config: { voice: "alloy" } });
      expect([g1.version, g2.version]).toEqual([1, 2]);
      expect(c1).toMatchObject({ scope: "channel", channel: "voice", workflow_id: null, is_active: false });
      expect(g2).toMatchObject({
        scope: "workflow",
        workflow_id: workflowId,
        is_active: false,
        config: { retries: 2 },
      });
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, g2.id), eq(auditLogs.action, "config.create")));
      expect(audit).toHaveLength(1);
    });

    it("concurrent creates of one scope get distinct versions", async () => {
      const workflowId = await newWorkflow();
      const made = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          call(configs.POST, "POST", {
            as: s.A.admin,
            body: { scope: "workflow", workflow_id: workflowId, config: { i } },
          }),
        ),
      );
      expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(made.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4]);
    });

    it.each([
      ["global with a channel", { scope: "global", channel: "web", config: {} }, ["body.channel"]],
      [
        "global with a workflow",
        { scope: "global", workflow_id: UNKNOWN_ID, config: {} },
        ["body.workflow_id"],
      ],
      ["channel without channel", { scope: "channel", config: {} }, ["body.channel"]],
      ["workflow without id", { scope: "workflow", config: {} }, ["body.workflow_id"]],
      [
        "workflow with channel",
        { scope: "workflow", workflow_id: UNKNOWN_ID, channel: "web", config: {} },
        ["body.channel"],
      ],
      ["config not an object", { scope: "global", config: [1, 2] }, ["body.config"]],
      ["is_active", { scope: "global", config: {}, is_active: true }, ["body"]],
      ["version", { scope: "global", config: {}, version: 9 }, ["body"]],
      ["unknown scope", { scope: "team", config: {} }, ["body.scope"]],
      ["NUL in a config value", { scope: "global", config: { a: ["x\u0000"] } }, ["body.config"]],
      ["NUL in a config key", { scope: "global", config: { "a\u0000": 1 } }, ["body.config"]],
      [
        "config nested too deep",
        { scope: "global", config: { a: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) } },
        ["body.config"],
      ],
      ["config over 64 KiB", { scope: "global", config: { a: "x".repeat(70_000) } }, ["body.config"]],
    ])("400 on %s", async (_name, body, paths) => {
      expectValidation(await call(configs.POST, "POST", { as: s.A.admin, body }), paths);
    });

    it("404 for a foreign or unknown workflow, 409 for a deleted one, 403 for non-admins", async () => {
      const theirs = await newWorkflow(s.B.admin);
      const before = await orgFingerprint(s.db, s.B.org.id);
      for (const id of [theirs, UNKNOWN_ID]) {
        expectError(
          await call(configs.POST, "POST", {
            as: s.A.admin,
            body: { scope: "workflow", workflow_id: id, config: {} },
          }),
          404,
          "not_found",
          { message: "Workflow not found" },
        );
      }
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      const mine = await newWorkflow();
      await call(wf.DELETE, "DELETE", { as: s.A.admin, params: { workflowId: mine } });
      expectError(
        await call(configs.POST, "POST", {
          as: s.A.admin,
          body: { scope: "workflow", workflow_id: mine, config: {} },
        }),
        409,
        "conflict",
      );
      expectError(
        await call(configs.POST, "POST", { as: s.A.manager, body: { scope: "global", config: {} } }),
        403,
        "forbidden",
      );
    });
  });

  describe("POST /api/configs/{id}/activate", () => {
    it("activates one version per scope, deactivating the previous one in the same transaction", async () => {
      const workflowId = await newWorkflow();
      const v1 = await createConfig({ scope: "workflow", workflow_id: workflowId, config: { a: 1 } });
      const v2 = await createConfig({ scope: "workflow", workflow_id: workflowId, config: { a: 2 } });
      const first = await activateConfig(v1.id);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        id: v1.id,
        is_active: true,
        activated_by: s.A.admin.userId,
        deactivated: null,
      });
      const second = await activateConfig(v2.id);
      expect(second.body).toMatchObject({
        id: v2.id,
        is_active: true,
        deactivated: { id: v1.id, version: 1 },
      });
      expect((await activeOf(workflowId, "workflow")).map((c) => c.id)).toEqual([v2.id]);
      const again = await activateConfig(v2.id);
      expect(again.status).toBe(200);
      expect(again.body.deactivated).toBeNull();
      const audits = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, v2.id), eq(auditLogs.action, "config.activate")));
      expect(audits).toHaveLength(1);
      expect(audits[0]!.details).toMatchObject({ previous_id: v1.id, version: 2 });
    });

    it("concurrent activations of one scope: each wins or is a 409, and exactly one stays active", async () => {
      const workflowId = await newWorkflow();
      const versions: Config[] = [];
      for (let i = 0; i < 6; i++)
        versions.push(await createConfig({ scope: "workflow", workflow_id: workflowId, config: { i } }));
      const results = await Promise.all(versions.map((v) => activateConfig(v.id)));
      const winners: string[] = [];
      for (const [i, r] of results.entries()) {
        if (r.status === 200) winners.push(versions[i]!.id);
        else
          expectError(r, 409, "conflict", {
            message: /in progress|at the same time/,
          });
      }
      expect(winners.length).toBeGreaterThanOrEqual(1);
      const active = await activeOf(workflowId, "workflow");
      expect(active).toHaveLength(1);
      expect(winners).toContain(active[0]!.id);
    });

    it("409 while another activation of the scope holds its lock (PostgreSQL)", async (t) => {
      const { url } = ctx();
      if (!url) return t.skip(); // PGlite has one connection: activations there are serial by construction
      const v = await createConfig({ scope: "channel", channel: "efax", config: { x: 1 } });
      const other = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await other.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(hashtextextended(${`cfgact:${s.A.org.id}:channel::efax`}, 0))`;
          expectError(await activateConfig(v.id), 409, "conflict", {
            message: "Another activation of this configuration scope is in progress",
          });
        });
      } finally {
        await other.end({ timeout: 5 });
      }
      expect((await activateConfig(v.id)).status).toBe(200);
    });

    it("404 foreign or unknown, 403 manager, 409 when the workflow is deleted", async () => {
      const theirs = await createConfig({ scope: "global", config: {} }, s.B.admin);
      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(await activateConfig(theirs.id), 404, "not_found", { message: "Configuration not found" });
      expectError(await activateConfig(UNKNOWN_ID), 404, "not_found");
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      const mine = await createConfig({ scope: "global", config: {} });
      expectError(await activateConfig(mine.id, s.A.manager), 403, "forbidden");
      const workflowId = await newWorkflow();
      const wc = await createConfig({ scope: "workflow", workflow_id: workflowId, config: {} });
      await call(wf.DELETE, "DELETE", { as: s.A.admin, params: { workflowId } });
      expectError(await activateConfig(wc.id), 409, "conflict");
    });
  });

  describe("GET /api/configs and /api/workflows/{id}/active-config", () => {
    it("merges the active global, channel and workflow configurations (seed 002)", async () => {
      const workflowId = await newWorkflow();
      const g = await createConfig({ scope: "global", config: { a: "global", b: "global" } });
      const c = await createConfig({
        scope: "channel",
        channel: "web",
        config: { b: "channel", c: "channel" },
      });
      const w = await createConfig({ scope: "workflow", workflow_id: workflowId, config: { c: "workflow" } });
      for (const x of [g, c, w]) expect((await activateConfig(x.id)).status).toBe(200);
      const web = await call(activeConfig.GET, "GET", {
        as: s.A.analyst,
        params: { workflowId },
        query: { channel: "web" },
      });
      expect(web.status).toBe(200);
      expect(web.body).toEqual({
        workflow_id: workflowId,
        channel: "web",
        configs: {
          global: { id: g.id, version: g.version, config: { a: "global", b: "global" } },
          channel: { id: c.id, version: c.version, config: { b: "channel", c: "channel" } },
          workflow: { id: w.id, version: w.version, config: { c: "workflow" } },
        },
        merged: { a: "global", b: "channel", c: "workflow" },
      });
      const voice = await call(activeConfig.GET, "GET", { as: s.A.analyst, params: { workflowId } });
      expect(voice.body).toMatchObject({ channel: "web" });
      const api = await call(activeConfig.GET, "GET", {
        as: s.A.analyst,
        params: { workflowId },
        query: { channel: "api" },
      });
      expect(api.body.merged).toEqual({ a: "global", b: "global", c: "workflow" });
      expectValidation(
        await call(activeConfig.GET, "GET", {
          as: s.A.analyst,
          params: { workflowId },
          query: { channel: "fax" },
        }),
        ["query.channel"],
      );
      const theirs = await newWorkflow(s.B.admin);
      expectError(
        await call(activeConfig.GET, "GET", { as: s.A.admin, params: { workflowId: theirs } }),
        404,
        "not_found",
      );

      const listed = await call(configs.GET, "GET", {
        as: s.A.analyst,
        query: { scope: "workflow", workflow_id: workflowId },
      });
      expect(listed.body).toMatchObject({ total: 1, configs: [{ id: w.id, is_active: true }] });
      const active = await call(configs.GET, "GET", {
        as: s.A.analyst,
        query: { active: "true", scope: "global" },
      });
      expect((active.body.configs as Config[]).map((x) => x.id)).toEqual([g.id]);
      expectValidation(await call(configs.GET, "GET", { as: s.A.analyst, query: { active: "yes" } }), [
        "query.active",
      ]);
    });
  });

  describe("channel configs", () => {
    it("lists every channel with defaults, and PUT replaces one channel's settings", async () => {
      const list = await call(channelConfigs.GET, "GET", { as: s.A.analyst });
      expect(list.status).toBe(200);
      const rows = list.body.channel_configs as { channel: string; configured: boolean }[];
      expect(rows.map((r) => r.channel)).toEqual(["web", "voice", "efax", "api", "email"]);
      const put = await call(channelConfig.PUT, "PUT", {
        as: s.A.admin,
        params: { channel: "email" },
        body: { config: { mailbox: "jobs@example.test" }, is_active: false },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        channel: "email",
        config: { mailbox: "jobs@example.test" },
        is_active: false,
        configured: true,
      });
      const replaced = await call(channelConfig.PUT, "PUT", {
        as: s.A.admin,
        params: { channel: "email" },
        body: { config: {}, is_active: true },
      });
      expect(replaced.body).toMatchObject({ config: {}, is_active: true });
      const again = await call(channelConfigs.GET, "GET", { as: s.A.analyst });
      expect(
        (again.body.channel_configs as { channel: string; configured: boolean }[]).find(
          (r) => r.channel === "email",
        )?.configured,
      ).toBe(true);
      const audit = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, s.A.org.id), eq(auditLogs.action, "channel_config.update")));
      expect(audit.length).toBeGreaterThanOrEqual(2);
      // B is untouched
      const theirs = await call(channelConfigs.GET, "GET", { as: s.B.analyst });
      expect((theirs.body.channel_configs as { configured: boolean }[]).every((r) => !r.configured)).toBe(
        true,
      );
    });

    it("400 unknown channel or fields, 403 non-admin writes", async () => {
      expectValidation(
        await call(channelConfig.PUT, "PUT", {
          as: s.A.admin,
          params: { channel: "fax" },
          body: { config: {}, is_active: true },
        }),
        ["params.channel"],
      );
      expectValidation(
        await call(channelConfig.PUT, "PUT", {
          as: s.A.admin,
          params: { channel: "web" },
          body: { config: {} },
        }),
        ["body.is_active"],
      );
      expectValidation(
        await call(channelConfig.PUT, "PUT", {
          as: s.A.admin,
          params: { channel: "web" },
          body: { config: {}, is_active: true, org_id: s.B.org.id },
        }),
        ["body"],
      );
      expectError(
        await call(channelConfig.PUT, "PUT", {
          as: s.A.manager,
          params: { channel: "web" },
          body: { config: {}, is_active: true },
        }),
        403,
        "forbidden",
      );
    });
  });
});
