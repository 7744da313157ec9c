// POST /api/workflow/executions/import and `npm run import`: both legacy formats of seed 001 round
// trip into runs and steps (read back through the run document), re-imports create nothing, invalid
// files are refused whole with per-item details, and the route never answers 5xx to odd bodies.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getRun } from "@/app/api/workflow/executions/[workflowId]/route";
import { POST as importRoute } from "@/app/api/workflow/executions/import/route";
import { openPglite } from "@/db/client";
import { migrateUp } from "@/db/migrate";
import { auditLogs, workflowRunSteps, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { importFile } from "@/lib/import/cli";
import { UNFINISHED_MESSAGE } from "@/lib/import/legacy";
import { call, makeTenant, useTestDb } from "../../helpers/api";
import { describeDrivers, query } from "../../helpers/db";
import { insertOrganization, makeJobDescription, makeUser } from "../../helpers/factories";
import { fuzzRoute, jsonish, writeFingerprint } from "../../helpers/fuzz";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/legacy");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const JSON_TYPE = { "content-type": "application/json" };
const NDJSON_TYPE = { "content-type": "application/x-ndjson" };

type Report = {
  format: string;
  total: number;
  created: number;
  skipped_existing: number;
  runs: {
    index: number;
    legacy_id: string;
    outcome: string;
    workflow_id: string;
    status: string;
    steps: number;
    defaulted: string[];
  }[];
};

describeDrivers("io: legacy import", (ctx) => {
  let T: Awaited<ReturnType<typeof makeTenant>>;
  let jdPublicId: string;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    T = await makeTenant(ctx().handle);
    // the JD the legacy records name, so they link to it (public ids are global: make ours unique)
    jdPublicId = `JD-${Date.now()}${Math.floor(Math.random() * 1000)}`;
    await withTenant(ctx().db, T.org.id, (tx) =>
      makeJobDescription(tx, {
        orgId: T.org.id,
        publicId: jdPublicId,
        title: "Senior Software Engineer (JD)",
      }),
    );
  });

  const withJd = (text: string) => text.replaceAll("JD-1731427200000", jdPublicId);

  async function runDoc(workflowId: string) {
    const res = await call(getRun, "GET", { as: T.admin, params: { workflowId } });
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown> & {
      steps: Record<string, unknown>[];
      agents: Record<string, unknown>[];
    };
  }

  it("imports the localStorage workflowHistory: runs, steps per agent, JD link, defaults listed", async () => {
    const res = await call(importRoute, "POST", {
      as: T.recruiter,
      rawBody: withJd(fixture("local-storage-history.json")),
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(201);
    const report = res.body as unknown as Report;
    expect(report).toMatchObject({ format: "local_storage", total: 3, created: 3, skipped_existing: 0 });
    expect(report.runs.map((r) => [r.legacy_id, r.outcome, r.status, r.steps])).toEqual([
      ["workflow-1731427530000", "created", "completed", 4],
      ["workflow-1731513600000", "created", "failed", 4],
      ["workflow-1731600000000", "created", "completed", 2],
    ]);
    expect(report.runs[0]!.defaulted).toEqual(["started_by"]);
    expect(report.runs[2]!.defaulted).toEqual([
      "steps.1.step_type",
      "steps.1.step_name",
      "steps.1.order_number",
      "steps.2.step_type",
      "steps.2.step_name",
      "steps.2.order_number",
      "created_at",
      "jd_title",
      "started_by",
    ]);

    const done = await runDoc(report.runs[0]!.workflow_id);
    expect(done).toMatchObject({
      status: "completed",
      source: "import",
      channel: "web",
      external_id: "workflow-1731427530000",
      jd_id: jdPublicId,
      jd_title: "Senior Software Engineer",
      started_by: T.recruiter.userId,
      total_resumes: 10,
      processed_resumes: 10,
      started_at: "2024-11-12T16:05:20.000Z",
      completed_at: "2024-11-12T16:05:30.000Z",
      duration_ms: 10000,
      created_at: "2024-11-12T16:05:20.000Z",
      metrics: { total_candidates: 10, processing_time_ms: 10000, match_rate: 85.5, top_matches: 7 },
      progress: { completed_agents: 4, total_agents: 4, completed_steps: 4, total_steps: 4, percentage: 100 },
    });
    expect(done.agents.map((a) => [a.agent_id, a.status, a.processed, a.total])).toEqual([
      ["resume-extractor", "completed", 10, 10],
      ["jd-reader", "completed", 1, 1],
      ["resume-reader", "completed", 10, 10],
      ["hr-comparator", "completed", 10, 10],
    ]);

    const unfinished = await runDoc(report.runs[1]!.workflow_id);
    expect(unfinished).toMatchObject({
      status: "failed",
      error: UNFINISHED_MESSAGE,
      error_details: { reason: "imported_unfinished", legacy_status: "In Progress" },
      jd_id: null, // JD-1731427200001 does not exist in the organization
      context: { legacy: { jd_id: "JD-1731427200001" } },
    });
    expect(unfinished.steps.map((s) => s.status)).toEqual(["completed", "completed", "failed", "cancelled"]);

    const sparse = await runDoc(report.runs[2]!.workflow_id);
    expect(sparse.steps.map((s) => [s.step_name, s.step_type, s.order_number, s.node_id])).toEqual([
      ["Unknown Step", "unknown", 0, null],
      ["Unknown Step", "unknown", 0, null],
    ]);
    expect(sparse.title).toBe("Imported run workflow-1731600000000");

    // an imported run is history: nothing of it is ever queued for a worker
    const open = await query<{ n: number }>(
      ctx().db,
      sql`select count(*)::int as n from workflow_run_steps s join workflow_runs r on r.id = s.run_id
          where r.org_id = ${T.org.id} and r.source = 'import' and s.status not in ('completed','failed','cancelled','skipped','timeout')`,
    );
    expect(open[0]!.n).toBe(0);
  });

  it("re-importing the same file creates nothing and names the runs that exist", async () => {
    const before = await writeFingerprint(ctx().db);
    const res = await call(importRoute, "POST", {
      as: T.manager,
      rawBody: JSON.stringify({ workflowHistory: JSON.parse(withJd(fixture("local-storage-history.json"))) }),
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(200);
    const report = res.body as unknown as Report;
    expect(report).toMatchObject({ total: 3, created: 0, skipped_existing: 3 });
    expect(
      report.runs.every(
        (r) => r.outcome === "skipped_existing" && /^WF-[0-9A-HJKMNP-TV-Z]{12}$/.test(r.workflow_id),
      ),
    ).toBe(true);
    // only the audit entry of the attempt is new
    const after = await writeFingerprint(ctx().db);
    expect(after.replace(/audit_logs:\d+/, "")).toBe(before.replace(/audit_logs:\d+/, ""));
  });

  it("imports a MongoDB NDJSON export: ObjectId/ISODate decoded, by _id, users matched by e-mail", async () => {
    const lines = withJd(fixture("mongo-executions.ndjson")).trim().split("\n");
    // the third document names a user of the organization by e-mail
    const third = JSON.parse(lines[2]!);
    third.started_by = T.manager.email.toUpperCase();
    lines[2] = JSON.stringify(third);
    const res = await call(importRoute, "POST", {
      as: T.admin,
      rawBody: lines.join("\n"),
      headers: NDJSON_TYPE,
    });
    expect(res.status).toBe(201);
    const report = res.body as unknown as Report;
    expect(report).toMatchObject({ format: "mongo", total: 3, created: 3 });
    const [done, pending, failed] = await Promise.all(report.runs.map((r) => runDoc(r.workflow_id)));
    expect(done).toMatchObject({
      status: "completed",
      external_id: "WF-1731427200000",
      jd_id: jdPublicId,
      started_by: T.admin.userId, // the ObjectId names nobody here: the importer
      started_at: "2024-11-12T10:00:00.000Z",
      completed_at: "2024-11-12T10:05:30.000Z",
      duration_ms: 330000,
      total_resumes: 3,
      results: { excellent_matches: 1, good_matches: 1, average_matches: 1, poor_matches: 0 },
      context: {
        legacy: { format: "mongo", id: "6733a1f0c2b5a4e1d0f00001", started_by: "6733a1f0c2b5a4e1d0f0aaaa" },
      },
    });
    expect(done!.agents.map((a) => [a.agent_id, a.duration_ms, a.started_at])).toEqual([
      ["resume-extractor", 1500, "2024-11-12T10:00:00.000Z"],
      ["jd-reader", 800, "2024-11-12T10:00:01.500Z"],
      ["resume-reader", 3200, "2024-11-12T10:00:02.300Z"],
      ["hr-comparator", 4500, "2024-11-12T10:00:05.500Z"],
    ]);
    expect(pending).toMatchObject({
      status: "failed",
      error_details: { reason: "imported_unfinished", legacy_status: "in_progress" },
    });
    expect(failed).toMatchObject({
      status: "failed",
      error: "LLM provider timed out",
      started_by: T.manager.userId,
    });
    expect(report.runs[2]!.defaulted).toEqual([
      "steps.2.step_type",
      "steps.2.step_name",
      "steps.2.order_number",
    ]);

    // the same documents as a JSON array are the same runs
    const again = await call(importRoute, "POST", {
      as: T.admin,
      rawBody: `[${lines.join(",")}]`,
      headers: JSON_TYPE,
    });
    expect(again.status).toBe(200);
    expect((again.body as unknown as Report).runs.map((r) => r.workflow_id)).toEqual(
      report.runs.map((r) => r.workflow_id),
    );
  });

  it("reads mongo-shell output and names a user by id", async () => {
    const text = fixture("mongo-shell.txt").replace(
      'ObjectId("6733a1f0c2b5a4e1d0f0aaaa")',
      `"${T.recruiter.userId}"`,
    );
    const res = await call(importRoute, "POST", { as: T.admin, rawBody: text, headers: JSON_TYPE });
    expect(res.status).toBe(201);
    const report = res.body as unknown as Report;
    expect(report.runs[0]!.defaulted).toEqual([]);
    expect(await runDoc(report.runs[0]!.workflow_id)).toMatchObject({
      started_by: T.recruiter.userId,
      total_resumes: 10,
    });
  });

  it("refuses a file with any invalid item, listing each problem, and writes nothing", async () => {
    const good = JSON.parse(fixture("local-storage-history.json"))[0];
    const before = await writeFingerprint(ctx().db);
    const res = await call(importRoute, "POST", {
      as: T.admin,
      rawBody: JSON.stringify([
        { ...good, id: "workflow-new-1" },
        { ...good, id: "workflow-new-2", timestamp: "soon" },
        { ...good, id: "workflow-new-3", agents: [{ id: "jd-reader", status: "exploded" }] },
      ]),
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: "validation_error",
        message: "The import has 2 problem(s); nothing was imported",
        details: [
          {
            index: 1,
            legacy_id: "workflow-new-2",
            path: "body.1.timestamp",
            message: "must be a date (ISO 8601 or epoch milliseconds)",
          },
          {
            index: 2,
            legacy_id: "workflow-new-3",
            path: "body.2.agents.0.status",
            message: 'unknown agent status "exploded"',
          },
        ],
      },
    });
    expect(await writeFingerprint(ctx().db)).toBe(before);
  });

  it.each([
    ["not JSON at all", "<xml/>", JSON_TYPE, 400, "validation_error"],
    [
      "a form body",
      "a=1",
      { "content-type": "application/x-www-form-urlencoded" },
      415,
      "unsupported_media_type",
    ],
    [
      "a declared 21 MB body",
      "[]",
      { ...JSON_TYPE, "content-length": String(21 * 1024 * 1024) },
      413,
      "payload_too_large",
    ],
  ])("%s → %s", async (_name, rawBody, headers, status, code) => {
    const res = await call(importRoute, "POST", { as: T.admin, rawBody, headers });
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
  });

  it("is refused to analysts and to anonymous callers", async () => {
    const body = { rawBody: fixture("local-storage-history.json"), headers: JSON_TYPE };
    const analyst = await call(importRoute, "POST", { as: T.analyst, ...body });
    expect(analyst.status).toBe(403);
    expect(analyst.body).toEqual({
      error: { code: "forbidden", message: "Your role (analyst) may not do this" },
    });
    const anonymous = await call(importRoute, "POST", body);
    expect(anonymous.body).toEqual({ error: { code: "unauthorized", message: "Authentication required" } });
  });

  it("keys legacy ids per organization: another tenant imports the same file as its own runs", async () => {
    const other = await makeTenant(ctx().handle);
    const res = await call(importRoute, "POST", {
      as: other.admin,
      rawBody: fixture("local-storage-history.json"),
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(201);
    expect((res.body as unknown as Report).created).toBe(3);
    const mine = await query<{ n: number }>(
      ctx().db,
      sql`select count(*)::int as n from workflow_runs where org_id = ${T.org.id} and legacy_id like 'workflow-17315%'`,
    );
    expect(mine[0]!.n).toBe(1);
  });

  it("writes one audit entry per import", async () => {
    const entries = await withTenant(ctx().db, T.org.id, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, T.org.id), eq(auditLogs.action, "runs.import"))),
    );
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries[0]).toMatchObject({
      resourceType: "workflow_run",
      success: true,
      details: { format: "local_storage", created: 3 },
    });
  });

  it("fuzz: no body makes the route fail with 5xx, and a refused body writes nothing", {
    timeout: 240_000,
  }, async () => {
    const field = fc.constantFrom(
      "id",
      "_id",
      "workflow_id",
      "timestamp",
      "jdId",
      "completionStatus",
      "status",
      "agents",
      "progress",
      "metrics",
    );
    const item = fc.dictionary(field, jsonish, { maxKeys: 6 });
    const body = fc.oneof(
      jsonish,
      fc.array(item, { maxLength: 4 }),
      fc.record({ workflowHistory: fc.array(item, { maxLength: 3 }) }),
    );
    const make = fc
      .tuple(body, fc.constantFrom("application/json", "application/x-ndjson"))
      .map(([b, type]) => ({
        as: T.admin,
        rawBody: JSON.stringify(b) ?? "null",
        headers: { "content-type": type },
      }));
    const { rejected } = await fuzzRoute(ctx().db, importRoute, "POST", make, 40);
    expect(rejected).toBeGreaterThan(0);
  });

  it("imports from the command line's function: the org by slug, its first admin as importer", async () => {
    const report = await importFile(ctx().db, {
      file: path.join(FIXTURES, "mongo-shell.txt"),
      orgSlug: T.org.slug,
    });
    expect(report).toMatchObject({ created: 0, skipped_existing: 1, userEmail: T.admin.email });
    await expect(
      importFile(ctx().db, { file: path.join(FIXTURES, "mongo-shell.txt"), orgSlug: "no-such-org" }),
    ).rejects.toThrow('No organization has the slug "no-such-org"');
    await expect(
      importFile(ctx().db, {
        file: path.join(FIXTURES, "mongo-shell.txt"),
        orgSlug: T.org.slug,
        userEmail: "nobody@example.test",
      }),
    ).rejects.toThrow(/No user nobody@example.test/);
    const steps = await query<{ n: number }>(
      ctx().db,
      sql`select count(*)::int as n from ${workflowRunSteps} s join ${workflowRuns} r on r.id = s.run_id where r.org_id = ${T.org.id}`,
    );
    expect(steps[0]!.n).toBeGreaterThan(0);
  });
});

describe("io: `npm run import` end to end on a PGlite data directory", () => {
  it("imports a file and prints the report; refuses a call without arguments", {
    timeout: 120_000,
  }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rl-import-"));
    try {
      const handle = openPglite(dir);
      let slug = "";
      try {
        await migrateUp(handle.db);
        const orgId = crypto.randomUUID();
        await withTenant(handle.db, orgId, async (tx) => {
          slug = (await insertOrganization(tx, { id: orgId })).slug;
          await makeUser(tx, { orgId, role: "admin", email: "importer@example.test" });
        });
      } finally {
        await handle.close();
      }
      const run = () =>
        spawnSync(
          "npx",
          [
            "tsx",
            "--conditions=react-server",
            "scripts/import.ts",
            path.join(FIXTURES, "mongo-executions.ndjson"),
            "--org",
            slug,
          ],
          {
            cwd: path.join(import.meta.dirname, "../../.."),
            env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" },
            encoding: "utf8",
          },
        );
      const first = run();
      expect(first.stderr.replace(/npm warn.*\n/g, "")).toBe("");
      expect(first.status).toBe(0);
      expect(first.stdout).toContain("3 run(s), 3 created, 0 already imported");
      expect(first.stdout).toContain("as importer@example.test");
      const reopened = openPglite(dir);
      try {
        const [row] = await query<{ n: number }>(
          reopened.db,
          sql`select count(*)::int as n from workflow_runs where source = 'import'`,
        );
        expect(row!.n).toBe(3);
      } finally {
        await reopened.close();
      }
      const usage = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/import.ts"], {
        cwd: path.join(import.meta.dirname, "../../.."),
        env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" },
        encoding: "utf8",
      });
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain("usage: npm run import");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
