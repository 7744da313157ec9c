import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { llmTokenUsage } from "@/db/queries/analytics";
import { matchResults, resumes, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createHandlers } from "@/lib/agents";
import { bandFor } from "@/lib/agents/matching/comparator";
import { rerunFromStep } from "@/lib/engine/runs";
import {
  createJob,
  fakeOpenAi,
  getSteps,
  runToEnd,
  sampleUploads,
  setupOrg,
  startMatchingRun,
  type TestOrg,
  uploadAll,
  waitForRunEnd,
  testWorker,
  withLlmEnv,
} from "../../helpers/agents";
import { describeDrivers } from "../../helpers/db";

let llm: Awaited<ReturnType<typeof fakeOpenAi>>;
beforeAll(async () => {
  llm = await fakeOpenAi(["ok"], { nonJsonTokens: 133 });
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => {
  llm.calls.length = 0;
  llm.script(["ok"]);
});

describeDrivers("hr-comparator with an OpenAI-compatible LLM", (t) => {
  async function batch(org: TestOrg) {
    const jd = await createJob(t().db, org.orgId);
    const { good, bad } = sampleUploads();
    const rows = await uploadAll(t().db, org.orgId, [
      good.pdf,
      good.docx,
      good.txt,
      good.html,
      bad.encrypted,
    ]);
    return { jd, rows, readable: rows.slice(0, 4) };
  }

  it("adds a rationale per match and records prompt, response, model and tokens on the step and the run", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows, readable } = await batch(org);
    const run = await withLlmEnv(
      { baseUrl: llm.baseUrl, apiKey: "sk-local-test", model: "gpt-test-1" },
      async () => {
        const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
        return runToEnd(t(), org.orgId, started.id);
      },
    );
    expect(run.status, run.errorMessage ?? "").toBe("completed");

    // one call, authenticated, for the configured model
    expect(llm.calls).toHaveLength(1);
    const call = llm.calls[0]!;
    expect(call.headers.authorization).toBe("Bearer sk-local-test");
    expect(call.body.model).toBe("gpt-test-1");
    const prompt = call.body.messages.find((m) => m.role === "user")!.content;
    for (const r of readable) expect(prompt).toContain(r.id);
    // nothing personal leaves for the provider
    const parsed = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(resumes).where(eq(resumes.id, readable[0]!.id)),
    );
    expect(parsed[0]!.email).toBe("maya.patel@example.com");
    expect(prompt).not.toContain("maya.patel@example.com");
    expect(prompt).not.toContain("Maya Patel");

    const matches = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(matchResults).where(eq(matchResults.runId, run.id)),
    );
    expect(matches).toHaveLength(4);
    for (const m of matches) {
      expect(m.rationale).toBe(`Rationale for ${m.resumeId}: strong Go and Kubernetes background.`);
      expect(m.band).toBe(bandFor(m.score));
    }

    const comparator = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
    expect(comparator.llmModel).toBe("gpt-test-1");
    expect(comparator.llmPrompt).toBe(prompt);
    expect(JSON.parse(comparator.llmResponse!).rationales).toHaveLength(4);
    expect(comparator.llmTokensUsed).toBe(123);
    expect(comparator.metadata).toMatchObject({ agent: "hr-comparator", tier: 1 });

    expect(run.tier).toBe(1);
    expect(run.tierReason).toMatch(/gpt-test-1/);
    expect(run.llmModel).toBe("gpt-test-1");
    expect(run.llmPrompt).toBe(prompt);
    expect(run.llmResponse).toBe(comparator.llmResponse);
    expect(run.llmTokensUsed).toBe(123);

    // running the comparator again is a new run: it records its own tokens, the original keeps its total
    const rerun = await withTenant(db, org.orgId, (tx) =>
      rerunFromStep(tx, org.actor, run.id, comparator.stepNumber),
    );
    expect(rerun.id).not.toBe(run.id);
    const again = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, () =>
      runToEnd(t(), org.orgId, rerun.id),
    );
    expect(again.status, again.errorMessage ?? "").toBe("completed");
    expect(again.llmTokensUsed).toBe(123);
    const comparatorAgain = (await getSteps(db, org.orgId, rerun.id)).find(
      (s) => s.stepType === "hr_comparison",
    )!;
    expect(comparatorAgain.llmTokensUsed).toBe(123);
    const rematched = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(matchResults).where(eq(matchResults.runId, rerun.id)),
    );
    expect(rematched).toHaveLength(4);
    const [original] = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(workflowRuns).where(eq(workflowRuns.id, run.id)),
    );
    expect(original).toEqual(run);
    expect(llm.calls).toHaveLength(2);
  });

  it("retries provider failures, then falls back to the deterministic result with tier 2", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows, readable } = await batch(org);
    // the same batch without an LLM, for the deterministic reference
    const plain = await runToEnd(
      t(),
      org.orgId,
      (await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) })).id,
    );
    expect(plain.status, plain.errorMessage ?? "").toBe("completed");
    expect(llm.calls).toHaveLength(0);

    llm.script([503]);
    const run = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, async () => {
      const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
      return runToEnd(t(), org.orgId, started.id);
    });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(llm.calls).toHaveLength(3); // three attempts, then the fallback

    expect(run.tier).toBe(2);
    expect(run.tierReason).toMatch(/LLM unavailable/);
    expect(run.tierReason).toMatch(/503/);
    expect(run.llmModel).toBeNull();
    expect(run.llmTokensUsed).toBeNull();
    const comparator = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
    expect(comparator.status).toBe("completed");
    expect(comparator.attempt).toBe(1); // the provider's failure is not the step's
    expect(comparator.llmModel).toBeNull();
    expect(comparator.llmPrompt).toBeNull();
    expect(comparator.metadata).toMatchObject({ tier: 2, tier_reason: run.tierReason });

    // deterministic results intact: the same scores, bands and counts as without an LLM
    const scores = async (runId: string) =>
      (
        await withTenant(db, org.orgId, (tx) =>
          tx.select().from(matchResults).where(eq(matchResults.runId, runId)),
        )
      )
        .map((m) => ({ resumeId: m.resumeId, score: m.score, band: m.band, rationale: m.rationale }))
        .sort((a, b) => a.resumeId.localeCompare(b.resumeId));
    const fallback = await scores(run.id);
    expect(fallback).toHaveLength(readable.length);
    expect(fallback).toEqual(await scores(plain.id));
    expect(fallback.every((m) => m.rationale === null)).toBe(true);
    expect(run.results).toEqual(plain.results);
    expect(run.metrics.match_rate).toBe(plain.metrics.match_rate);
    expect(run.metrics.top_matches).toBe(plain.metrics.top_matches);
  });

  it("recovers when the provider answers after failing", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows } = await batch(org);
    llm.script([500, 429, "ok"]);
    const run = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, async () => {
      const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
      const worker = testWorker(t());
      await worker.start();
      try {
        return await waitForRunEnd(db, org.orgId, started.id);
      } finally {
        await worker.stop();
      }
    });
    expect(run.status).toBe("completed");
    expect(llm.calls).toHaveLength(3);
    expect(run.tier).toBe(1);
    expect(run.llmTokensUsed).toBe(123);
  });
  it("counts the tokens of unusable answers: three non-JSON answers fall back and still record all 399", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows } = await batch(org);
    llm.script(["non-json"]);
    const from = new Date(Date.now() - 86_400_000);
    const run = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, async () => {
      const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
      return runToEnd(t(), org.orgId, started.id);
    });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(llm.calls).toHaveLength(3);
    expect(run.tier).toBe(2);
    expect(run.tierReason).toMatch(/LLM unavailable/);
    expect(run.llmTokensUsed).toBe(3 * 133);
    expect(run.llmModel).toBe("gpt-test-1");
    const comparator = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
    expect(comparator.status).toBe("completed");
    expect(comparator.llmTokensUsed).toBe(3 * 133);
    expect(comparator.llmModel).toBe("gpt-test-1");
    expect(comparator.llmPrompt).toBe(llm.calls[0]!.body.messages.find((m) => m.role === "user")!.content);
    expect(comparator.llmResponse).toBe("Sure! Here is what I think of these candidates.");
    // no rationale was kept from the unusable answers
    const matches = await withTenant(db, org.orgId, (tx) =>
      tx.select().from(matchResults).where(eq(matchResults.runId, run.id)),
    );
    expect(matches.every((m) => m.rationale === null)).toBe(true);
    // the analytics LLM usage chart counts them too
    const usage = await withTenant(db, org.orgId, (tx) =>
      llmTokenUsage(tx, org.orgId, { from, to: new Date(Date.now() + 86_400_000) }),
    );
    expect(usage.models).toEqual([{ model: "gpt-test-1", runs: 1, tokens: 399, avgTokensPerRun: 399 }]);
  });

  it("a non-JSON answer then a good one: the step and the run count both calls", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows } = await batch(org);
    llm.script(["non-json", "ok"]);
    const run = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, async () => {
      const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
      return runToEnd(t(), org.orgId, started.id);
    });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(llm.calls).toHaveLength(2);
    expect(run.tier).toBe(1);
    expect(run.llmTokensUsed).toBe(133 + 123);
    const comparator = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
    expect(comparator.llmTokensUsed).toBe(133 + 123);
    expect(JSON.parse(comparator.llmResponse!).rationales.length).toBeGreaterThan(0);
  });
  it("an attempt that fails after the provider answered still counts its tokens; the retry adds its own", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { jd, rows } = await batch(org);
    llm.script(["non-json"]);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const handlers = createHandlers();
    const comparator = handlers.hr_comparison!;
    // the first attempt loses the database once the provider has answered (and been paid)
    handlers.hr_comparison = (hctx) => {
      const before = llm.calls.length;
      return comparator({
        ...hctx,
        tenant: (fn) =>
          hctx.step.attempt === 1 && llm.calls.length > before
            ? Promise.reject(new Error("database went away after the LLM answered"))
            : hctx.tenant(fn),
      });
    };
    try {
      const run = await withLlmEnv({ baseUrl: llm.baseUrl, model: "gpt-test-1" }, async () => {
        const started = await startMatchingRun(db, org, { jdId: jd.id, resumeIds: rows.map((r) => r.id) });
        return runToEnd(t(), org.orgId, started.id, { handlers });
      });
      expect(run.status, run.errorMessage ?? "").toBe("completed");
      expect(llm.calls).toHaveLength(6); // three per attempt
      expect(run.llmTokensUsed).toBe(2 * 399);
      const step = (await getSteps(db, org.orgId, run.id)).find((s) => s.stepType === "hr_comparison")!;
      expect(step.attempt).toBe(2);
      expect(step.llmTokensUsed).toBe(2 * 399); // the step counts all its attempts, as the run does
      // the first attempt failed with the generic message, not the database's
      const errors = step.events
        .map((e) => (e.data as { error?: string } | undefined)?.error)
        .filter(Boolean);
      expect(errors).toEqual([
        expect.stringMatching(/^Internal error while running this step \(ref ERR-\d{12}\)/),
      ]);
    } finally {
      logged.mockRestore();
    }
  });
});
