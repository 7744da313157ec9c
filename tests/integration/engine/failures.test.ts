// What a failed step leaves in the ledger: a StepError keeps its own words; anything else (a database
// error carrying SQL and the organization's id, a plain Error) is stored as a generic message with a
// correlation id, and the full error goes to the server log under that id. The API and the
// failed-steps analysis see only the safe message.
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import * as runRoute from "@/app/api/workflow/executions/[workflowId]/route";
import { failedStepsAnalysis } from "@/db/queries/analytics";
import { withTenant } from "@/db/tenant";
import { StepError, withLlmUsage } from "@/lib/agents/types";
import { type Caller, call, makeTenant, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import {
  getRun,
  makeWorkflow,
  Probe,
  quiesce,
  start,
  stepsOf,
  testWorker,
  waitForRun,
  withWorkers,
} from "../../helpers/engine";

const REF =
  /^Internal error while running this step \(ref (ERR-\d{12})\)\. Retry it, or give the reference to your administrator\.$/;

describeDrivers("engine: failures a person can act on", (ctx) => {
  let admin: Caller;
  let orgId: string;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    const tenant = await makeTenant(ctx().handle);
    admin = tenant.admin;
    orgId = tenant.org.id;
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await quiesce(ctx().db);
  });

  const actor = () => ({ orgId, userId: admin.userId, role: admin.role });

  /** Runs a one-step workflow whose handler does `fail`, with console.error captured. */
  async function failOnce(fail: Parameters<typeof Probe.prototype.setBehaviour>[0], stepName = "Load") {
    const { db, handle } = ctx();
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
    const probe = new Probe(fail);
    const wf = await makeWorkflow(db, orgId, [{ stepName }]);
    const run = await start(db, actor(), wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["failed"]),
    );
    const [step] = await stepsOf(db, run.id);
    return { run: await getRun(db, run.id), step: step!, logged };
  }

  function expectSafe(text: string) {
    expect(text).not.toContain(orgId);
    expect(text).not.toMatch(/failed query|select |params:|no_such_column|\bat .*\.ts:\d+/i);
  }

  it("a database error: no SQL, no organization id, a correlation id that the server log carries", async () => {
    const { run, step, logged } = await failOnce(async (hctx) => {
      // a query that fails in the database; the DrizzleQueryError propagates as it is
      await hctx.tenant((tx) =>
        tx.execute(sql`select no_such_column from workflow_runs where org_id = ${hctx.run.orgId}`),
      );
      return { output: {} };
    });
    expect(step.status).toBe("failed");
    const ref = REF.exec(step.errorMessage ?? "")?.[1];
    expect(ref, step.errorMessage ?? "").toBeTruthy();
    expect(step.errorDetails).toEqual({ correlation_id: ref });
    expectSafe(JSON.stringify({ m: step.errorMessage, d: step.errorDetails, e: step.events }));
    expect(run.errorMessage).toBe(`Step 1 (Load) failed: ${step.errorMessage}`);
    expect(run.errorDetails).toMatchObject({ correlation_id: ref });
    expectSafe(JSON.stringify({ m: run.errorMessage, d: run.errorDetails }));

    // the server log has the whole error under the same reference
    const line = logged.find((l) => l.includes(ref!));
    expect(line, logged.join("\n")).toBeDefined();
    const record = JSON.parse(line!) as {
      correlation_id: string;
      org_id: string;
      error: Record<string, unknown>;
    };
    expect(record.correlation_id).toBe(ref);
    expect(record.org_id).toBe(orgId);
    expect(JSON.stringify(record.error)).toMatch(/no_such_column/);
    expect(JSON.stringify(record.error)).toContain(orgId); // the query's parameters, for whoever debugs it

    // the API's run document shows only the safe message
    const res = await call(runRoute.GET, "GET", { as: admin, params: { workflowId: run.publicId } });
    expect(res.status).toBe(200);
    const doc = res.body as unknown as {
      error: string;
      error_details: unknown;
      steps: Record<string, unknown>[];
    };
    expect(doc.error).toBe(run.errorMessage);
    expect(doc.error_details).toMatchObject({ correlation_id: ref });
    expect(doc.steps[0]).toMatchObject({
      error_message: step.errorMessage,
      error_details: { correlation_id: ref },
    });
    expectSafe(res.text);
  });

  it("a plain Error with an id in its message: stored generically, logged in full", async () => {
    const { run, step, logged } = await failOnce(async (hctx) => {
      throw new TypeError(`Cannot read properties of undefined (org ${hctx.run.orgId})`);
    });
    const ref = REF.exec(step.errorMessage ?? "")?.[1];
    expect(ref, step.errorMessage ?? "").toBeTruthy();
    expect(step.errorDetails).toEqual({ correlation_id: ref });
    expectSafe(JSON.stringify({ m: step.errorMessage, d: step.errorDetails, e: step.events }));
    expectSafe(JSON.stringify({ m: run.errorMessage, d: run.errorDetails }));
    const line = logged.find((l) => l.includes(ref!));
    expect(line).toContain("Cannot read properties of undefined");
    expect(line).toContain("TypeError");
    const res = await call(runRoute.GET, "GET", { as: admin, params: { workflowId: run.publicId } });
    expect(res.status).toBe(200);
    expect(res.text).toContain(ref!);
    expectSafe(res.text);
  });

  it("a StepError keeps its message and details", async () => {
    const { step, logged } = await failOnce(async () => {
      throw new StepError("The candidate's file is gone; upload it again", {
        retryable: false,
        details: { file: "cv.pdf" },
      });
    });
    expect(step.errorMessage).toBe("The candidate's file is gone; upload it again");
    expect(step.errorDetails).toEqual({ file: "cv.pdf" });
    expect(logged.filter((l) => l.includes("ERR-"))).toEqual([]);
  });

  it("internal errors of one step fall into one failure group, whatever their references", async () => {
    const { db } = ctx();
    const from = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < 3; i++) {
      await failOnce(async () => {
        throw new Error(`boom ${i}`);
      }, "Grouped");
    }
    const to = new Date(Date.now() + 3_600_000);
    const analysis = await withTenant(db, orgId, (tx) => failedStepsAnalysis(tx, orgId, { from, to }));
    const groups = analysis.groups.filter((g) => g.stepName === "Grouped");
    expect(groups).toHaveLength(1);
    expect(groups[0]!.failures).toBe(3);
    expect(groups[0]!.normalizedError).toBe(
      "Internal error while running this step (ref ERR-<n>). Retry it, or give the reference to your administrator.",
    );
  });
  it("a failed attempt's LLM tokens are recorded on the step and the run, whatever the error", async () => {
    const usage = { model: "gpt-test-1", prompt: "p", response: "not json", tokensUsed: 57 };
    const internal = await failOnce(async () => {
      throw withLlmUsage(new Error('relation "x" does not exist'), usage);
    });
    expect(internal.step.errorMessage).toMatch(REF);
    expect(internal.step).toMatchObject({
      llmModel: "gpt-test-1",
      llmTokensUsed: 57,
      llmResponse: "not json",
    });
    expect(internal.run).toMatchObject({ status: "failed", llmModel: "gpt-test-1", llmTokensUsed: 57 });

    const own = await failOnce(async () => {
      throw new StepError("The provider refused the prompt", { retryable: false, llm: usage });
    });
    expect(own.step).toMatchObject({ errorMessage: "The provider refused the prompt", llmTokensUsed: 57 });
    expect(own.run.llmTokensUsed).toBe(57);

    const none = await failOnce(async () => {
      throw new StepError("No tokens were spent", { retryable: false });
    });
    expect(none.step.llmTokensUsed).toBeNull();
    expect(none.run.llmTokensUsed).toBeNull();
  });

  it("a step's tokens are those of all its attempts: a failed attempt's and the retry's, counted once each", async () => {
    const { db, handle } = ctx();
    const probe = new Probe(async (_hctx, c) => {
      if (c.attempt === 1) {
        throw new StepError("The answer was not JSON", {
          retryable: true,
          llm: { model: "gpt-test-1", prompt: "p1", response: "not json", tokensUsed: 57 },
        });
      }
      return {
        output: { ok: true },
        llm: { model: "gpt-test-1", prompt: "p2", response: "{}", tokensUsed: 40 },
        runPatch: { llm: { model: "gpt-test-1", prompt: "p2", response: "{}", tokensUsed: 40 } },
      };
    });
    const wf = await makeWorkflow(db, orgId, [{ stepName: "Ask", maxRetries: 1 }]);
    const run = await start(db, actor(), wf.workflowId);
    await withWorkers([testWorker(handle, { todo: probe.handler })], () =>
      waitForRun(db, run.id, ["completed"]),
    );
    const [step] = await stepsOf(db, run.id);
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(step).toMatchObject({ status: "completed", attempt: 2, llmTokensUsed: 97, llmResponse: "{}" });
    expect((await getRun(db, run.id)).llmTokensUsed).toBe(97);
  });
});
