import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeExtendedJson,
  type ImportRun,
  parseLegacyImport,
  rewriteShellSyntax,
  STEP_FALLBACKS,
  UNFINISHED_MESSAGE,
} from "@/lib/import/legacy";

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, "../../fixtures/legacy", name), "utf8");
const NOW = new Date("2030-01-01T00:00:00.000Z");

function runsOf(text: string, contentType?: string): ImportRun[] {
  const parsed = parseLegacyImport(text, { now: NOW, contentType });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
  return parsed.runs;
}

describe("legacy import: localStorage workflowHistory", () => {
  const runs = runsOf(fixture("local-storage-history.json"));

  it("maps a completed entry: ids, JD, counts, metrics in snake_case, one step per agent with its type", () => {
    const [run] = runs;
    expect(run).toMatchObject({
      format: "local_storage",
      legacyId: "workflow-1731427530000",
      externalId: "workflow-1731427530000",
      jdRef: "JD-1731427200000",
      jdTitle: "Senior Software Engineer",
      status: "completed",
      totalResumes: 10,
      processedResumes: 10,
      progress: { completed_steps: 4, total_steps: 4, percentage: 100 },
      metrics: { total_candidates: 10, processing_time_ms: 10000, match_rate: 85.5, top_matches: 7 },
      defaulted: [],
    });
    // saved when the run finished: the timestamp is the end, the duration places the start
    expect(run!.completedAt.toISOString()).toBe("2024-11-12T16:05:30.000Z");
    expect(run!.startedAt?.toISOString()).toBe("2024-11-12T16:05:20.000Z");
    expect(run!.durationMs).toBe(10000);
    expect(run!.steps.map((s) => [s.stepType, s.stepName, s.orderNumber, s.status])).toEqual([
      ["resume_extraction", "Resume Extractor", 1, "completed"],
      ["jd_reading", "JD Reader", 2, "completed"],
      ["resume_reading", "Resume Reader", 3, "completed"],
      ["hr_comparison", "HR Comparator", 4, "completed"],
    ]);
    expect(run!.steps[3]!.metadata).toMatchObject({
      agent_id: "hr-comparator",
      legacy_extra: { last_run: "2024-11-12T16:05:29Z" },
    });
  });

  it('stores an "In Progress" entry as failed (it cannot be executed here) and says why', () => {
    const run = runs[1]!;
    expect(run.status).toBe("failed");
    expect(run.errorMessage).toBe(UNFINISHED_MESSAGE);
    expect(run.errorDetails).toEqual({ reason: "imported_unfinished", legacy_status: "In Progress" });
    expect(run.steps.map((s) => s.status)).toEqual(["completed", "completed", "failed", "cancelled"]);
    expect(run.steps[2]!.errorMessage).toMatch(/still running/);
    expect(run.processedResumes).toBe(0);
    expect(run.progress).toEqual({ completed_steps: 2, total_steps: 4, percentage: 50 });
  });

  it("gives missing fields the seed-000 fallbacks and lists them", () => {
    const run = runs[2]!;
    expect(run.createdAt).toEqual(NOW);
    expect(run.jdTitle).toBeNull();
    expect(run.steps[0]).toMatchObject({
      stepName: STEP_FALLBACKS.stepName,
      stepType: STEP_FALLBACKS.stepType,
      orderNumber: STEP_FALLBACKS.orderNumber,
    });
    expect(run.steps[1]).toMatchObject({ stepName: "Unknown Step", stepType: "unknown", orderNumber: 0 });
    expect(run.steps[1]!.metadata.agent_id).toBe("legacy-scorer");
    expect(run.defaulted).toEqual([
      "steps.1.step_type",
      "steps.1.step_name",
      "steps.1.order_number",
      "steps.2.step_type",
      "steps.2.step_name",
      "steps.2.order_number",
      "created_at",
      "jd_title",
    ]);
  });

  it("accepts {workflowHistory: […]}, also with the value still a JSON string as localStorage keeps it", () => {
    const list = JSON.parse(fixture("local-storage-history.json"));
    expect(runsOf(JSON.stringify({ workflowHistory: list }))).toEqual(runs);
    expect(runsOf(JSON.stringify({ workflowHistory: JSON.stringify(list) }))).toEqual(runs);
  });
});

describe("legacy import: MongoDB workflow_executions (Extended JSON)", () => {
  const runs = runsOf(fixture("mongo-executions.ndjson"));

  it("decodes ObjectId, $date with $numberLong, $numberInt, $numberDouble and keys runs by _id", () => {
    const run = runs[0]!;
    expect(run).toMatchObject({
      format: "mongo",
      legacyId: "6733a1f0c2b5a4e1d0f00001",
      externalId: "WF-1731427200000",
      startedByRef: "6733a1f0c2b5a4e1d0f0aaaa",
      status: "completed",
      totalResumes: 3,
      processedResumes: 3,
      durationMs: 330_000,
      metrics: { total_candidates: 3, processing_time_ms: 10000, match_rate: 85.5, top_matches: 2 },
      results: { excellent_matches: 1, good_matches: 1, average_matches: 1, poor_matches: 0 },
    });
    expect(run.startedAt?.toISOString()).toBe("2024-11-12T10:00:00.000Z");
    expect(run.completedAt.toISOString()).toBe("2024-11-12T10:05:30.000Z");
    expect(run.steps.map((s) => [s.stepType, s.durationMs])).toEqual([
      ["resume_extraction", 1500],
      ["jd_reading", 800],
      ["resume_reading", 3200],
      ["hr_comparison", 4500],
    ]);
    expect(run.context).toMatchObject({
      legacy: {
        workflow_id: "WF-1731427200000",
        resume_ids: ["6733a1f0c2b5a4e1d0f0b001", "6733a1f0c2b5a4e1d0f0b002", "6733a1f0c2b5a4e1d0f0b003"],
      },
    });
  });

  it("maps in_progress to failed, NaN to null, and keeps unknown fields in context.legacy.extra", () => {
    const run = runs[1]!;
    expect(run.status).toBe("failed");
    expect(run.errorDetails).toMatchObject({ reason: "imported_unfinished", legacy_status: "in_progress" });
    expect(run.steps.every((s) => s.status === "cancelled")).toBe(true);
    expect(run.metrics.match_rate).toBeNull();
    expect(run.context).toMatchObject({ legacy: { extra: { __v: 0 } } });
  });

  it("copies errors, and defaults an agent that names no agent id", () => {
    const run = runs[2]!;
    expect(run).toMatchObject({
      status: "failed",
      errorMessage: "LLM provider timed out",
      errorDetails: { agent: "hr-comparator", attempts: 3 },
    });
    expect(run.steps[1]).toMatchObject({
      stepType: "unknown",
      stepName: "Unknown Step",
      orderNumber: 0,
      status: "failed",
    });
    expect(run.defaulted).toEqual(["steps.2.step_type", "steps.2.step_name", "steps.2.order_number"]);
  });

  it("reads the same documents as a JSON array, and NDJSON declared as such", () => {
    const lines = fixture("mongo-executions.ndjson").trim().split("\n");
    expect(runsOf(`[${lines.join(",\n")}]`)).toEqual(runs);
    expect(runsOf(lines.join("\r\n"), "application/x-ndjson")).toEqual(runs);
  });

  it("reads mongo-shell output: ObjectId(…), ISODate(…), NumberInt/NumberLong, unquoted keys", () => {
    const [run] = runsOf(fixture("mongo-shell.txt"));
    expect(run).toMatchObject({
      legacyId: "6733a1f0c2b5a4e1d0f00010",
      totalResumes: 10,
      durationMs: 330_000,
      context: { legacy: { extra: { note: 'ObjectId("inside a string") stays text' } } },
    });
    expect(run!.steps[0]!.durationMs).toBe(1500);
  });
});

describe("legacy import: Extended JSON and shell syntax", () => {
  it.each([
    [{ $oid: "6733a1f0c2b5a4e1d0f00001" }, "6733a1f0c2b5a4e1d0f00001"],
    [{ $date: "2025-11-12T10:00:00Z" }, "2025-11-12T10:00:00.000Z"],
    [{ $date: { $numberLong: "1731405600000" } }, "2024-11-12T10:00:00.000Z"],
    [{ $date: 1731405600000 }, "2024-11-12T10:00:00.000Z"],
    [{ $numberInt: "42" }, 42],
    [{ $numberLong: "-7" }, -7],
    [{ $numberDouble: "1.5" }, 1.5],
    [{ $numberDouble: "Infinity" }, null],
    [{ $numberDecimal: "3.25" }, 3.25],
    [
      { $binary: { base64: "ASNFZ4mrze8BI0VniavN7w==", subType: "04" } },
      "01234567-89ab-cdef-0123-456789abcdef",
    ],
    [{ $timestamp: { t: 1731405600, i: 1 } }, "2024-11-12T10:00:00.000Z"],
    [{ $undefined: true }, null],
    [{ nested: [{ $oid: "a" }, { x: { $numberInt: "1" } }] }, { nested: ["a", { x: 1 }] }],
    [{ $date: "not a date" }, { $date: "not a date" }],
  ])("%j → %j", (input, output) => {
    expect(decodeExtendedJson(input)).toEqual(output);
  });

  it("rewrites shell wrappers but never text inside strings", () => {
    expect(
      JSON.parse(
        rewriteShellSyntax(
          `{a: ObjectId('x'), "b": "ISODate(\\"y\\")", c: new Date("2025-01-01"), d: [1, 2,], }`,
        ),
      ),
    ).toEqual({
      a: { $oid: "x" },
      b: 'ISODate("y")',
      c: { $date: "2025-01-01" },
      d: [1, 2],
    });
  });
});

describe("legacy import: validation is all or nothing, with every problem per item", () => {
  const good = JSON.parse(fixture("local-storage-history.json"))[0];

  it.each([
    ["empty body", "  ", [{ index: null, path: "body", message: "The file is empty" }]],
    ["not JSON", "{nope", [{ index: null, path: "body" }]],
    ["a scalar", "42", [{ index: null, path: "body" }]],
    ["an empty array", "[]", [{ index: null, message: "The file holds no workflow runs" }]],
    ["extra wrapper field", JSON.stringify({ workflowHistory: [], x: 1 }), [{ path: "body.x" }]],
  ])("%s → a file-level issue", (_name, text, expected) => {
    const parsed = parseLegacyImport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues).toMatchObject(expected);
  });

  it("reports each invalid item with its index, legacy id and field; valid items do not make it through", () => {
    const items = [
      good,
      { ...good, id: "workflow-2", timestamp: "yesterday-ish" },
      { ...good, id: "workflow-3", completionStatus: "Paused" },
      { ...good, id: "workflow-4", agents: [{ id: "jd-reader", status: "done", processed: 5, total: 2 }] },
      "a string",
      { ...good, id: undefined },
      good,
      { ...good, id: "workflow-8", totalCandidates: -1 },
    ];
    const parsed = parseLegacyImport(JSON.stringify(items));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      {
        index: 1,
        legacy_id: "workflow-2",
        path: "body.1.timestamp",
        message: "must be a date (ISO 8601 or epoch milliseconds)",
      },
      {
        index: 2,
        legacy_id: "workflow-3",
        path: "body.2.completion_status",
        message: 'unknown status "Paused"',
      },
      {
        index: 3,
        legacy_id: "workflow-4",
        path: "body.3.agents.0.processed",
        message: "processed (5) exceeds total (2)",
      },
      { index: 4, path: "body.4", message: expect.stringMatching(/must be an object/) },
      { index: 5, path: "body.5.id", message: expect.stringMatching(/is required/) },
      {
        index: 6,
        legacy_id: good.id,
        path: "body.6.id",
        message: expect.stringMatching(/duplicates item 0/),
      },
      { index: 7, legacy_id: "workflow-8", path: "body.7.total_candidates", message: expect.any(String) },
    ]);
  });

  it("numbers NDJSON problems by line and prefixes wrapped paths", () => {
    const ndjson = `${JSON.stringify(good)}\n\n{"_id": {"$oid": "x"}, "status": 5}\n`;
    const parsed = parseLegacyImport(ndjson, { contentType: "application/x-ndjson" });
    expect(parsed.ok || parsed.issues).toEqual([
      { index: 1, line: 3, legacy_id: "x", path: "body.1.status", message: expect.any(String) },
    ]);
    const wrapped = parseLegacyImport(
      JSON.stringify({ workflowHistory: [good, { ...good, id: 7, agents: "no" }] }),
    );
    expect(wrapped.ok || wrapped.issues).toMatchObject([{ index: 1, path: "body.workflowHistory.1.agents" }]);
    const broken = parseLegacyImport(`${JSON.stringify(good)}\n{oops`, {
      contentType: "application/x-ndjson",
    });
    expect(broken.ok || broken.issues).toEqual([
      { index: null, line: 2, path: "body", message: "Line 2 is not a JSON document" },
    ]);
  });
});
