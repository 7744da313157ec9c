import { createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import {
  type AnalyticsRange,
  analyticsData,
  analyticsOverview,
  bottlenecks,
  bucketFor,
  bucketsOf,
  bucketStart,
  channelPerformance,
  failedStepsAnalysis,
  failureGroupRuns,
  llmTokenUsage,
  type NodeStats,
  nodeExecutionStats,
  tierDistribution,
  workflowExecutionSummary,
} from "@/db/queries/analytics";
import { withTenant } from "@/db/tenant";
import { resolveRange } from "@/app/(dashboard)/analytics/search-params";
import { toCsv } from "@/components/analytics/csv";
import { seedDemo } from "@/lib/demo/seed";
import { describeDrivers } from "../helpers/db";
import {
  makeOrganization,
  makeRunWithSteps,
  makeWorkflow,
  type NewRun,
  type NewStep,
  type Organization,
} from "../helpers/factories";

const t = (iso: string) => new Date(iso);
/** The week of 1–7 May 2024 (1 May is a Wednesday): day buckets. */
const WEEK: AnalyticsRange = { from: t("2024-05-01T00:00:00.000Z"), to: t("2024-05-08T00:00:00.000Z") };
const DAYS = [
  "2024-05-01",
  "2024-05-02",
  "2024-05-03",
  "2024-05-04",
  "2024-05-05",
  "2024-05-06",
  "2024-05-07",
];
const UUIDS = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const groupKey = (stepType: string, stepName: string, normalized: string) =>
  createHash("md5").update(`${stepType}\x1f${stepName}\x1f${normalized}`).digest("hex");
const KEY = {
  llm: groupKey("hr_comparison", "Compare", "LLM provider returned <n>"),
  pdf: groupKey("resume_extraction", "Extract", "Resume <id> could not be parsed: encrypted PDF"),
  ocr: groupKey("resume_extraction", "OCR", "Timeout after <n> ms waiting for OCR"),
};

type RunSpec = Partial<NewRun> & { createdAt: Date };
type StepSpec = Partial<NewStep>;

/**
 * Org A: eight runs in the week (web, voice, efax; every terminal status and one open run), one
 * just before it and one exactly at its end, each with known durations, retries, errors, models,
 * tokens and tiers. The expected figures in the tests below are worked out by hand from these.
 */
async function seedA(db: Database, org: Organization) {
  const orgId = org.id;
  return withTenant(db, orgId, async (tx) => {
    const screening = await makeWorkflow(tx, { orgId, name: "Screening" });
    const intake = await makeWorkflow(tx, { orgId, name: "Intake" });
    const run = (spec: RunSpec, steps: StepSpec[]) =>
      makeRunWithSteps(
        tx,
        { orgId, workflowId: screening.id, channel: "web", status: "completed", ...spec },
        steps.map((s) => ({ orgId, ...s })),
      );
    const extract = (s: StepSpec): StepSpec => ({ stepName: "Extract", stepType: "resume_extraction", ...s });
    const compare = (s: StepSpec): StepSpec => ({ stepName: "Compare", stepType: "hr_comparison", ...s });
    const ocr = (s: StepSpec): StepSpec => ({ stepName: "OCR", stepType: "resume_extraction", ...s });
    const pdfError = (i: number) => `Resume ${UUIDS[i]} could not be parsed: encrypted PDF`;

    const r1 = await run(
      { createdAt: t("2024-05-01T10:00:00Z"), durationMs: 100, tier: 1, tierReason: "Rules" },
      [
        extract({ status: "completed", durationMs: 100 }),
        compare({ status: "completed", durationMs: 1000, retryCount: 1 }),
      ],
    );
    const r2 = await run(
      {
        createdAt: t("2024-05-01T11:00:00Z"),
        durationMs: 200,
        tier: 2,
        tierReason: "LLM assist",
        llmModel: "gpt-4o-mini",
        llmTokensUsed: 1000,
      },
      [extract({ status: "completed", durationMs: 200 }), compare({ status: "completed", durationMs: 3000 })],
    );
    const r3 = await run(
      {
        createdAt: t("2024-05-02T09:00:00Z"),
        status: "failed",
        durationMs: 300,
        tier: 2,
        tierReason: "LLM assist",
        llmModel: "gpt-4o-mini",
        llmTokensUsed: 500,
      },
      [
        extract({ status: "completed", durationMs: 300 }),
        compare({
          status: "failed",
          durationMs: 5000,
          retryCount: 2,
          errorMessage: "LLM provider returned 503",
          completedAt: t("2024-05-02T09:05:00Z"),
        }),
      ],
    );
    const r4 = await run(
      {
        createdAt: t("2024-05-02T12:00:00Z"),
        channel: "voice",
        status: "failed",
        durationMs: 400,
        tier: 3,
        tierReason: "LLM and human review",
        llmModel: "claude-sonnet",
        llmTokensUsed: 2000,
      },
      [
        extract({
          status: "failed",
          durationMs: 400,
          errorMessage: pdfError(0),
          completedAt: t("2024-05-02T12:01:00Z"),
        }),
        compare({ status: "skipped" }),
      ],
    );
    const r5 = await run(
      { createdAt: t("2024-05-03T08:00:00Z"), channel: "voice", status: "timeout", durationMs: 500 },
      [
        extract({ status: "completed", durationMs: 50 }),
        compare({
          status: "failed",
          durationMs: 2000,
          retryCount: 3,
          errorMessage: "LLM provider returned 502",
          completedAt: t("2024-05-03T08:10:00Z"),
        }),
      ],
    );
    const r6 = await run(
      {
        createdAt: t("2024-05-04T10:00:00Z"),
        workflowId: intake.id,
        channel: "efax",
        status: "cancelled",
        durationMs: 50,
        tier: 1,
        tierReason: "Rules",
      },
      [
        ocr({
          status: "timeout",
          durationMs: 700,
          errorMessage: "Timeout after 700 ms waiting for OCR",
          completedAt: t("2024-05-04T10:01:00Z"),
        }),
      ],
    );
    const r7 = await run({ createdAt: t("2024-05-05T10:00:00Z"), workflowId: intake.id, status: "active" }, [
      ocr({ status: "queued" }),
    ]);
    const r10 = await run(
      {
        createdAt: t("2024-05-06T10:00:00Z"),
        status: "failed",
        durationMs: 600,
        tier: 2,
        tierReason: "Other",
        llmModel: "gpt-4o-mini",
        llmTokensUsed: 1500,
      },
      [
        extract({
          status: "failed",
          durationMs: 800,
          retryCount: 1,
          errorMessage: pdfError(2),
          completedAt: t("2024-05-06T10:01:00Z"),
        }),
      ],
    );
    // outside the week: a millisecond before it, and exactly at its (exclusive) end
    const before = await run(
      {
        createdAt: t("2024-04-30T23:59:59.999Z"),
        durationMs: 999_999,
        tier: 1,
        llmModel: "gpt-4o-mini",
        llmTokensUsed: 777,
      },
      [
        extract({
          status: "failed",
          durationMs: 999_999,
          errorMessage: pdfError(1),
          completedAt: t("2024-04-30T23:59:59.999Z"),
        }),
      ],
    );
    const atEnd = await run({ createdAt: t("2024-05-08T00:00:00Z"), durationMs: 1 }, [
      extract({
        status: "failed",
        durationMs: 1,
        errorMessage: pdfError(3),
        completedAt: t("2024-05-08T00:00:00Z"),
      }),
    ]);
    return { screening, intake, r1, r2, r3, r4, r5, r6, r7, r10, before, atEnd };
  });
}

/** Org B: big numbers in the same week and the same failure group as org A; none may ever show up in A. */
async function seedB(db: Database, org: Organization) {
  const orgId = org.id;
  return withTenant(db, orgId, async (tx) => {
    const workflow = await makeWorkflow(tx, { orgId, name: "Screening" });
    for (let i = 0; i < 3; i++) {
      await makeRunWithSteps(
        tx,
        {
          orgId,
          workflowId: workflow.id,
          channel: i === 0 ? "api" : "web",
          status: "failed",
          durationMs: 77_777,
          tier: 1,
          llmModel: "gpt-4o-mini",
          llmTokensUsed: 99_999,
          createdAt: t(`2024-05-0${i + 2}T10:00:00Z`),
        },
        [
          {
            orgId,
            stepName: "Compare",
            stepType: "hr_comparison",
            status: "failed",
            durationMs: 88_888,
            retryCount: 9,
            errorMessage: "LLM provider returned 503",
            completedAt: t(`2024-05-0${i + 2}T10:05:00Z`),
          },
        ],
      );
    }
  });
}

describe("time buckets", () => {
  it("are days up to ~6 weeks, weeks up to ~13 months, months beyond", () => {
    const span = (days: number) => ({
      from: t("2024-01-01T00:00:00Z"),
      to: new Date(Date.UTC(2024, 0, 1 + days)),
    });
    expect(bucketFor(span(7))).toBe("day");
    expect(bucketFor(span(45))).toBe("day");
    expect(bucketFor(span(46))).toBe("week");
    expect(bucketFor(span(90))).toBe("week");
    expect(bucketFor(span(400))).toBe("week");
    expect(bucketFor(span(401))).toBe("month");
  });

  it("start where date_trunc does in UTC: midnight, Monday, the first of the month", () => {
    const at = t("2024-05-05T23:30:00Z"); // a Sunday
    expect(bucketStart(at, "day").toISOString()).toBe("2024-05-05T00:00:00.000Z");
    expect(bucketStart(at, "week").toISOString()).toBe("2024-04-29T00:00:00.000Z");
    expect(bucketStart(at, "month").toISOString()).toBe("2024-05-01T00:00:00.000Z");
    expect(bucketStart(t("2024-04-29T00:00:00Z"), "week").toISOString()).toBe("2024-04-29T00:00:00.000Z");
  });

  it("cover the range without gaps, the first one possibly starting before it", () => {
    expect(bucketsOf(WEEK)).toEqual(DAYS);
    expect(bucketsOf({ ...WEEK, bucket: "week" })).toEqual(["2024-04-29", "2024-05-06"]);
    expect(
      bucketsOf({ from: t("2024-01-15T00:00:00Z"), to: t("2024-04-01T00:00:00Z"), bucket: "month" }),
    ).toEqual(["2024-01-01", "2024-02-01", "2024-03-01"]);
  });

  it("the bottleneck is the highest p95 and the highest failure rate with enough executions", () => {
    const s = (
      stepType: string,
      executions: number,
      p95: number | null,
      failureRate: number | null,
    ): NodeStats => ({
      stepType,
      stepNames: [],
      executions,
      completed: 0,
      failed: 0,
      timedOut: 0,
      failureRate,
      avgDurationMs: null,
      p50DurationMs: null,
      p95DurationMs: p95,
      maxDurationMs: null,
      retries: 0,
      avgRetries: null,
    });
    expect(bottlenecks([])).toEqual({ slowest: null, mostFailing: null });
    expect(bottlenecks([s("a", 10, 100, 10), s("b", 3, 900, 90), s("c", 50, 500, 20)])).toEqual({
      slowest: "b",
      mostFailing: "c",
    });
    // nothing has enough executions: the rate of the few counts after all
    expect(bottlenecks([s("a", 2, 100, 50), s("b", 1, null, 100)])).toEqual({
      slowest: "a",
      mostFailing: "b",
    });
    // no failures at all: no failing bottleneck
    expect(bottlenecks([s("a", 10, 100, 0)]).mostFailing).toBeNull();
  });
});

describe("the period in the URL", () => {
  const now = t("2024-05-07T15:30:00Z");
  it("presets end with today (UTC) and start whole days before", () => {
    expect(resolveRange({}, now)).toMatchObject({
      preset: "30d",
      from: t("2024-04-08T00:00:00Z"),
      to: t("2024-05-08T00:00:00Z"),
      fromDay: "2024-04-08",
      toDay: "2024-05-07",
      query: "range=30d",
      slug: "2024-04-08_2024-05-07",
      error: null,
    });
    expect(resolveRange({ range: "7d" }, now)).toMatchObject({
      from: WEEK.from,
      to: WEEK.to,
      query: "range=7d",
    });
    expect(resolveRange({ range: "90d" }, now).fromDay).toBe("2024-02-08");
  });

  it("a custom range includes both days and is reproduced by its query", () => {
    expect(resolveRange({ from: "2024-05-01", to: "2024-05-07" }, now)).toMatchObject({
      preset: null,
      from: WEEK.from,
      to: WEEK.to,
      query: "from=2024-05-01&to=2024-05-07",
      error: null,
    });
    // repeated parameters: the first one counts
    expect(resolveRange({ from: ["2024-05-01", "2020-01-01"], to: "2024-05-01" }, now).to).toEqual(
      t("2024-05-02T00:00:00Z"),
    );
  });

  it("a range that cannot be used falls back to the last 30 days and says why", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ from: "2024-05-09", to: "2024-05-01" }, /must not be after/],
      [{ from: "2024-02-31", to: "2024-03-01" }, /valid start and end/],
      [{ from: "2024-05-01" }, /valid start and end/],
      [{ from: "yesterday", to: "today" }, /valid start and end/],
      [{ from: "2020-01-01", to: "2024-05-01" }, /at most 731 days/],
      [{ range: "1y" }, /Unknown range/],
    ];
    for (const [params, message] of cases) {
      const found = resolveRange(params, now);
      expect(found.preset, JSON.stringify(params)).toBe("30d");
      expect(found.error, JSON.stringify(params)).toMatch(message);
    }
  });
});

describe("CSV", () => {
  it("quotes what needs quoting, leaves numbers raw and defuses spreadsheet formulas", () => {
    const csv = toCsv(
      [
        { key: "error", label: "Error" },
        { key: "n", label: "N" },
        { key: "empty", label: "Empty" },
      ],
      [
        { error: 'Said "no", then left', n: 1500.5, empty: null },
        { error: '=HYPERLINK("x")', n: 0, empty: "line\nbreak" },
        { error: "-1 pages", n: -2, empty: "" },
      ],
    );
    expect(csv).toBe(
      'error,n,empty\r\n"Said ""no"", then left",1500.5,\r\n"\'=HYPERLINK(""x"")",0,"line\nbreak"\r\n\'-1 pages,-2,\r\n',
    );
  });
});

describeDrivers("analytics read models", (ctx) => {
  let A: Awaited<ReturnType<typeof seedA>>;
  let orgA: Organization;
  let orgB: Organization;
  const inA = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx().db, orgA.id, fn);

  beforeAll(async () => {
    const { db } = ctx();
    orgA = await makeOrganization(db, { name: "Acme Recruiting" });
    orgB = await makeOrganization(db, { name: "Beta Staffing" });
    A = await seedA(db, orgA);
    await seedB(db, orgB);
  });

  it("overview: runs, success rate, duration, failed steps and tokens of the range", async () => {
    expect(await inA((tx) => analyticsOverview(tx, orgA.id, WEEK))).toEqual({
      runs: 8,
      finished: 7,
      completed: 2,
      failed: 4, // failed or timed out
      successRate: 28.57, // 2 of 7 finished; the active run does not count
      avgDurationMs: 307, // 2150 / 7
      p95DurationMs: 570, // 500 + 0.7 × (600 − 500)
      failedSteps: 5,
      llmTokens: 5000,
    });
  });

  it("channel performance: totals per channel with percentiles, and a zero-filled daily series", async () => {
    const found = await inA((tx) => channelPerformance(tx, orgA.id, WEEK));
    expect(found.bucket).toBe("day");
    expect(found.buckets).toEqual(DAYS);
    expect(found.channels).toEqual(["web", "voice", "efax"]);
    expect(found.totals).toEqual([
      {
        channel: "web",
        runs: 5,
        finished: 4,
        completed: 2,
        failed: 2,
        timedOut: 0,
        cancelled: 0,
        successRate: 50,
        avgDurationMs: 300,
        p50DurationMs: 250,
        p95DurationMs: 555, // 300 + 0.85 × (600 − 300)
      },
      {
        channel: "voice",
        runs: 2,
        finished: 2,
        completed: 0,
        failed: 1,
        timedOut: 1,
        cancelled: 0,
        successRate: 0,
        avgDurationMs: 450,
        p50DurationMs: 450,
        p95DurationMs: 495,
      },
      {
        channel: "efax",
        runs: 1,
        finished: 1,
        completed: 0,
        failed: 0,
        timedOut: 0,
        cancelled: 1,
        successRate: 0,
        avgDurationMs: 50,
        p50DurationMs: 50,
        p95DurationMs: 50,
      },
    ]);
    expect(found.series).toHaveLength(DAYS.length * 3);
    const web = found.series.filter((p) => p.channel === "web");
    expect(
      web.map((p) => [p.bucket, p.runs, p.completed, p.successRate, p.avgDurationMs, p.p95DurationMs]),
    ).toEqual([
      ["2024-05-01", 2, 2, 100, 150, 195], // p95 of 100 and 200: 100 + 0.95 × 100
      ["2024-05-02", 1, 0, 0, 300, 300],
      ["2024-05-03", 0, 0, null, null, null],
      ["2024-05-04", 0, 0, null, null, null],
      ["2024-05-05", 1, 0, null, null, null], // only the active run: nothing finished yet
      ["2024-05-06", 1, 0, 0, 600, 600],
      ["2024-05-07", 0, 0, null, null, null],
    ]);
    const voice = found.series.filter((p) => p.channel === "voice" && p.runs > 0);
    expect(voice.map((p) => [p.bucket, p.runs, p.successRate, p.avgDurationMs])).toEqual([
      ["2024-05-02", 1, 0, 400],
      ["2024-05-03", 1, 0, 500],
    ]);
  });

  it("channel performance in weekly buckets places runs by ISO week, edges included", async () => {
    const quarter: AnalyticsRange = { from: t("2024-04-01T00:00:00Z"), to: t("2024-06-30T00:00:00Z") };
    const found = await inA((tx) => channelPerformance(tx, orgA.id, quarter));
    expect(found.bucket).toBe("week");
    expect(found.buckets).toHaveLength(13);
    expect(found.buckets[0]).toBe("2024-04-01");
    const web = found.series.filter((p) => p.channel === "web" && p.runs > 0);
    // week of 29 April: the run a millisecond before 1 May, r1, r2, r3 and r7 (Sunday 5 May)
    expect(web.map((p) => [p.bucket, p.runs, p.completed])).toEqual([
      ["2024-04-29", 5, 3],
      ["2024-05-06", 2, 1],
    ]);
  });

  it("node execution statistics per step type: counts, failure rate, p50/p95, retries, the bottleneck", async () => {
    const found = await inA((tx) => nodeExecutionStats(tx, orgA.id, WEEK));
    expect(found.rows).toEqual([
      {
        stepType: "hr_comparison",
        stepNames: ["Compare"],
        executions: 4, // the skipped step did not execute
        completed: 2,
        failed: 2,
        timedOut: 0,
        failureRate: 50,
        avgDurationMs: 2750,
        p50DurationMs: 2500,
        p95DurationMs: 4700, // 3000 + 0.85 × (5000 − 3000)
        maxDurationMs: 5000,
        retries: 6,
        avgRetries: 1.5,
      },
      {
        stepType: "resume_extraction",
        stepNames: ["Extract", "OCR"],
        executions: 7, // the queued step did not execute
        completed: 4,
        failed: 2,
        timedOut: 1,
        failureRate: 42.86,
        avgDurationMs: 364, // 2550 / 7
        p50DurationMs: 300,
        p95DurationMs: 770, // 700 + 0.7 × (800 − 700)
        maxDurationMs: 800,
        retries: 1,
        avgRetries: 0.14,
      },
    ]);
    // hr_comparison fails more often but on only 4 executions: the failing bottleneck is extraction
    expect(found.slowest).toBe("hr_comparison");
    expect(found.mostFailing).toBe("resume_extraction");
  });

  it("failed steps are grouped by step and normalized message, ids and numbers folded", async () => {
    const found = await inA((tx) => failedStepsAnalysis(tx, orgA.id, WEEK));
    expect(found.groups).toEqual([
      {
        groupKey: KEY.pdf,
        stepType: "resume_extraction",
        stepName: "Extract",
        normalizedError: "Resume <id> could not be parsed: encrypted PDF",
        exampleError: [
          `Resume ${UUIDS[0]} could not be parsed: encrypted PDF`,
          `Resume ${UUIDS[2]} could not be parsed: encrypted PDF`,
        ].sort()[0],
        failures: 2,
        runs: 2,
        timeouts: 0,
        firstFailedAt: "2024-05-02T12:01:00.000Z",
        lastFailedAt: "2024-05-06T10:01:00.000Z",
      },
      {
        groupKey: KEY.llm,
        stepType: "hr_comparison",
        stepName: "Compare",
        normalizedError: "LLM provider returned <n>",
        exampleError: "LLM provider returned 502",
        failures: 2,
        runs: 2,
        timeouts: 0,
        firstFailedAt: "2024-05-02T09:05:00.000Z",
        lastFailedAt: "2024-05-03T08:10:00.000Z",
      },
      {
        groupKey: KEY.ocr,
        stepType: "resume_extraction",
        stepName: "OCR",
        normalizedError: "Timeout after <n> ms waiting for OCR",
        exampleError: "Timeout after 700 ms waiting for OCR",
        failures: 1,
        runs: 1,
        timeouts: 1,
        firstFailedAt: "2024-05-04T10:01:00.000Z",
        lastFailedAt: "2024-05-04T10:01:00.000Z",
      },
    ]);
  });

  it("the failure trend counts failures per day and group, and per day overall", async () => {
    const found = await inA((tx) => failedStepsAnalysis(tx, orgA.id, WEEK));
    expect(found.bucket).toBe("day");
    expect(found.trend).toEqual(
      [
        { bucket: "2024-05-02", groupKey: KEY.llm, failures: 1 },
        { bucket: "2024-05-02", groupKey: KEY.pdf, failures: 1 },
        { bucket: "2024-05-03", groupKey: KEY.llm, failures: 1 },
        { bucket: "2024-05-04", groupKey: KEY.ocr, failures: 1 },
        { bucket: "2024-05-06", groupKey: KEY.pdf, failures: 1 },
      ].sort((a, b) => a.bucket.localeCompare(b.bucket) || a.groupKey.localeCompare(b.groupKey)),
    );
    expect(found.totals.map((p) => p.failures)).toEqual([0, 2, 1, 1, 0, 1, 0]);
  });

  it("a failure group drills down to its runs, newest first, within the range and the tenant", async () => {
    const found = await inA((tx) => failureGroupRuns(tx, orgA.id, KEY.llm, WEEK));
    expect(found.group).toMatchObject({ groupKey: KEY.llm, failures: 2, stepName: "Compare" });
    expect(found.truncated).toBe(false);
    expect(found.runs).toEqual([
      {
        runId: A.r5.run.id,
        publicId: A.r5.run.publicId,
        workflowName: "Screening",
        channel: "voice",
        stepNumber: 2,
        stepName: "Compare",
        status: "failed",
        errorMessage: "LLM provider returned 502",
        retries: 3,
        failedAt: "2024-05-03T08:10:00.000Z",
      },
      {
        runId: A.r3.run.id,
        publicId: A.r3.run.publicId,
        workflowName: "Screening",
        channel: "web",
        stepNumber: 2,
        stepName: "Compare",
        status: "failed",
        errorMessage: "LLM provider returned 503",
        retries: 2,
        failedAt: "2024-05-02T09:05:00.000Z",
      },
    ]);
    const later = await inA((tx) =>
      failureGroupRuns(tx, orgA.id, KEY.llm, { ...WEEK, from: t("2024-05-03T00:00:00Z") }),
    );
    expect(later.runs.map((r) => r.publicId)).toEqual([A.r5.run.publicId]);
    const limited = await inA((tx) => failureGroupRuns(tx, orgA.id, KEY.llm, WEEK, 1));
    expect(limited.runs).toHaveLength(1);
    expect(limited.truncated).toBe(true);
    // the extraction failures before and at the end of the week are the same group, but outside it
    const pdf = await inA((tx) => failureGroupRuns(tx, orgA.id, KEY.pdf, WEEK));
    expect(pdf.runs.map((r) => r.publicId)).toEqual([A.r10.run.publicId, A.r4.run.publicId]);
    // unknown and malformed keys are simply empty
    expect(await inA((tx) => failureGroupRuns(tx, orgA.id, "0".repeat(32), WEEK))).toEqual({
      group: null,
      runs: [],
      truncated: false,
    });
    expect((await inA((tx) => failureGroupRuns(tx, orgA.id, "'; drop table x; --", WEEK))).group).toBeNull();
  });

  it("execution summary per workflow: runs, outcomes, success rate, duration, steps and retries", async () => {
    expect(await inA((tx) => workflowExecutionSummary(tx, orgA.id, WEEK))).toEqual([
      {
        workflowId: A.screening.id,
        workflowName: "Screening",
        runs: 6,
        completed: 2,
        failed: 3,
        timedOut: 1,
        cancelled: 0,
        open: 0,
        successRate: 33.33,
        avgDurationMs: 350,
        avgSteps: 1.8, // 11 steps over 6 runs
        retries: 7,
      },
      {
        workflowId: A.intake.id,
        workflowName: "Intake",
        runs: 2,
        completed: 0,
        failed: 0,
        timedOut: 0,
        cancelled: 1,
        open: 1,
        successRate: 0,
        avgDurationMs: 50,
        avgSteps: 1,
        retries: 0,
      },
    ]);
  });

  it("LLM token usage by model, in total and per day", async () => {
    const found = await inA((tx) => llmTokenUsage(tx, orgA.id, WEEK));
    expect(found.models).toEqual([
      { model: "gpt-4o-mini", runs: 3, tokens: 3000, avgTokensPerRun: 1000 },
      { model: "claude-sonnet", runs: 1, tokens: 2000, avgTokensPerRun: 2000 },
    ]);
    expect(found.series).toHaveLength(DAYS.length * 2);
    expect(found.series.filter((p) => p.tokens > 0)).toEqual([
      { bucket: "2024-05-01", model: "gpt-4o-mini", tokens: 1000, runs: 1 },
      { bucket: "2024-05-02", model: "gpt-4o-mini", tokens: 500, runs: 1 },
      { bucket: "2024-05-02", model: "claude-sonnet", tokens: 2000, runs: 1 },
      { bucket: "2024-05-06", model: "gpt-4o-mini", tokens: 1500, runs: 1 },
    ]);
  });

  it("tier distribution: runs, share, success rate, tokens and the usual reason per tier", async () => {
    expect(await inA((tx) => tierDistribution(tx, orgA.id, WEEK))).toEqual([
      { tier: 1, runs: 2, share: 25, completed: 1, successRate: 50, llmTokens: 0, topReason: "Rules" },
      {
        tier: 2,
        runs: 3,
        share: 37.5,
        completed: 1,
        successRate: 33.33,
        llmTokens: 3000,
        topReason: "LLM assist",
      },
      {
        tier: 3,
        runs: 1,
        share: 12.5,
        completed: 0,
        successRate: 0,
        llmTokens: 2000,
        topReason: "LLM and human review",
      },
      { tier: null, runs: 2, share: 25, completed: 0, successRate: 0, llmTokens: 0, topReason: null },
    ]);
  });

  it("tenant isolation: org B's rows are never counted, even when the caller names org A's id", async () => {
    const inB = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx().db, orgB.id, fn);
    const b = await inB((tx) => analyticsData(tx, orgB.id, WEEK));
    expect(b.overview).toMatchObject({ runs: 3, failedSteps: 3, llmTokens: 299_997 });
    expect(b.failures.groups.map((g) => [g.groupKey, g.failures])).toEqual([[KEY.llm, 3]]);
    const a = await inA((tx) => analyticsData(tx, orgA.id, WEEK));
    expect(a.overview.runs).toBe(8);
    expect(a.channels.channels).not.toContain("api");
    expect(a.llm.models.reduce((sum, m) => sum + m.tokens, 0)).toBe(5000);
    // the same group key exists in both organizations; each sees only its own runs
    const drill = await inA((tx) => failureGroupRuns(tx, orgA.id, KEY.llm, WEEK));
    expect(drill.runs).toHaveLength(2);
    // asking for B's figures from inside A's tenant finds nothing: row-level security applies through the views
    const cross = await inA((tx) => analyticsData(tx, orgB.id, WEEK));
    expect(cross.overview.runs).toBe(0);
    expect(cross.failures.groups).toEqual([]);
    expect(cross.nodes.rows).toEqual([]);
    expect(cross.workflows).toEqual([]);
    expect(cross.tiers).toEqual([]);
    expect((await inA((tx) => failureGroupRuns(tx, orgB.id, KEY.llm, WEEK))).runs).toEqual([]);
  });

  it("an empty range returns zeros and empty lists, with the buckets still in place", async () => {
    const empty: AnalyticsRange = { from: t("2023-01-01T00:00:00Z"), to: t("2023-01-08T00:00:00Z") };
    const found = await inA((tx) => analyticsData(tx, orgA.id, empty));
    expect(found.overview).toEqual({
      runs: 0,
      finished: 0,
      completed: 0,
      failed: 0,
      successRate: null,
      avgDurationMs: null,
      p95DurationMs: null,
      failedSteps: 0,
      llmTokens: 0,
    });
    expect(found.channels).toMatchObject({ channels: [], series: [], totals: [] });
    expect(found.channels.buckets).toHaveLength(7);
    expect(found.nodes).toEqual({ rows: [], slowest: null, mostFailing: null });
    expect(found.failures.groups).toEqual([]);
    expect(found.failures.totals.map((p) => p.failures)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(found.workflows).toEqual([]);
    expect(found.llm).toMatchObject({ models: [], series: [] });
    expect(found.tiers).toEqual([]);
  });
});

describeDrivers("analytics on the demo organization", (ctx) => {
  const NOW = new Date("2025-06-16T12:00:00.000Z");
  const LAST_90: AnalyticsRange = { from: new Date(NOW.getTime() - 90 * 86_400_000), to: NOW };
  let orgId = "";

  beforeAll(async () => {
    const seeded = await seedDemo(ctx().db, { now: NOW, runs: 300, passwordCost: 4 });
    if (!seeded.created) throw new Error(seeded.reason);
    orgId = seeded.summary.orgId;
  });

  it("every chart has data and the read models agree with each other", async () => {
    const d = await withTenant(ctx().db, orgId, (tx) => analyticsData(tx, orgId, LAST_90));
    expect(d.overview.runs).toBe(300);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(d.channels.totals.map((c) => c.runs))).toBe(300);
    expect(sum(d.channels.series.map((p) => p.runs))).toBe(300);
    expect([...d.channels.channels].sort()).toEqual(["api", "efax", "voice", "web"]);
    expect(sum(d.workflows.map((w) => w.runs))).toBe(300);
    expect(sum(d.tiers.map((x) => x.runs))).toBe(300);
    expect(sum(d.failures.groups.map((g) => g.failures))).toBe(d.overview.failedSteps);
    expect(sum(d.failures.totals.map((p) => p.failures))).toBe(d.overview.failedSteps);
    expect(d.failures.groups.length).toBeGreaterThan(3);
    // grouping folds ids and numbers: far fewer groups than failures
    expect(d.failures.groups.length).toBeLessThan(d.overview.failedSteps);
    expect(sum(d.llm.models.map((m) => m.tokens))).toBe(d.overview.llmTokens);
    expect(d.llm.models.length).toBeGreaterThan(0);
    expect(d.nodes.rows.length).toBeGreaterThan(4);
    expect(d.nodes.slowest).not.toBeNull();
    expect(d.nodes.mostFailing).not.toBeNull();
    expect(d.tiers.map((x) => x.tier)).toEqual([1, 2, 3, null]);
    // a group drills down to exactly as many failed steps as it counts
    const top = d.failures.groups[0]!;
    const drill = await withTenant(ctx().db, orgId, (tx) =>
      failureGroupRuns(tx, orgId, top.groupKey, LAST_90),
    );
    expect(drill.runs).toHaveLength(top.failures);
    expect(drill.runs.every((r) => /^WF-[0-9A-HJKMNP-TV-Z]{12}$/.test(r.publicId))).toBe(true);
  });
});
