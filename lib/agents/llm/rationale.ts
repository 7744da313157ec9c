import { z } from "zod";
import type { MatchBand } from "@/db/schema/enums";
import { backoffDelayMs } from "@/lib/engine/backoff";
import type { JobRequirements } from "../matching/jd-reader";

export type LlmConfig = { baseUrl: string; apiKey: string; model: string };
export type Scored = {
  resumeId: string;
  score: number;
  band: MatchBand;
  matched: string[];
  missing: string[];
};
/**
 * What the provider calls cost, successful or not: tokens summed over every attempt that reported
 * usage, the prompt, the model and the last answer received (empty when none came).
 */
export type LlmUsage = { prompt: string; response: string; model: string; tokens: number };
export type RationaleResult =
  | ({ ok: true; rationales: Record<string, string> } & LlmUsage)
  | ({ ok: false; error: string } & LlmUsage);

const MAX_CANDIDATES = 10;
const ATTEMPTS = 3;
const TIMEOUT_MS = 30_000;

const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
  usage: z.object({ total_tokens: z.number().int().nonnegative() }).optional(),
});
const answerSchema = z.object({
  rationales: z.array(z.object({ resume_id: z.string(), rationale: z.string().min(1).max(2000) })),
});

/**
 * The prompt names skills and scores only — never names or contact details —
 * so nothing personal leaves for the provider.
 */
export function rationalePrompt(jd: JobRequirements, candidates: Scored[]): string {
  const lines = candidates.map(
    (c) =>
      `- resume_id ${c.resumeId}: score ${c.score} (${c.band}); matched: ${c.matched.join(", ") || "none"}; missing: ${c.missing.join(", ") || "none"}`,
  );
  return [
    `Role: ${jd.title}. Required skills: ${jd.requiredSkills.join(", ") || "none listed"}. Nice to have: ${jd.niceToHaveSkills.join(", ") || "none"}. Minimum years: ${jd.minYears ?? "not stated"}.`,
    "For each candidate below, write one or two sentences a recruiter can read explaining the score.",
    'Answer with JSON only: {"rationales":[{"resume_id":"…","rationale":"…"}]}.',
    ...lines,
  ].join("\n");
}

/** Waits ms, or less if the signal fires (the step was cancelled or timed out). */
function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function parseAnswer(content: string) {
  const json = content.replace(/^\s*```(?:json)?\s*/i, "").replace(/\s*```\s*$/, "");
  return answerSchema.parse(JSON.parse(json));
}

/**
 * One chat-completions call for the run's top candidates, against any
 * OpenAI-compatible endpoint. Provider errors (network, 429, 5xx, a malformed
 * answer) are retried with backoff, then reported so the caller falls back to
 * the deterministic result.
 */
export async function requestRationales(
  cfg: LlmConfig,
  jd: JobRequirements,
  scored: Scored[],
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<RationaleResult> {
  const candidates = [...scored].sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES);
  const prompt = rationalePrompt(jd, candidates);
  const wanted = new Set(candidates.map((c) => c.resumeId));
  let lastError = "no attempt made";
  // every answer that reports usage was paid for, whether or not it could be used
  const usage: LlmUsage = { prompt, response: "", model: cfg.model, tokens: 0 };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(backoffDelayMs(attempt - 1, { baseMs: 500, maxMs: 5_000 }), signal);
    if (signal?.aborted) return { ok: false, error: "aborted", ...usage };
    try {
      const res = await fetchImpl(`${cfg.baseUrl.replace(/\/$/, "")}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${cfg.apiKey}` },
        body: JSON.stringify({
          model: cfg.model,
          temperature: 0,
          messages: [
            {
              role: "system",
              content: "You explain candidate-to-job match scores to recruiters. Be factual and brief.",
            },
            { role: "user", content: prompt },
          ],
        }),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])
          : AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) {
        lastError = `provider answered ${res.status}`;
        await res.body?.cancel().catch(() => {}); // free the connection for the next attempt
        if (res.status >= 400 && res.status < 500 && res.status !== 429) break; // our request is wrong: retrying cannot help
        continue;
      }
      const body: unknown = await res.json();
      usage.tokens += tokensOf(body);
      const completion = completionSchema.parse(body);
      const content = completion.choices[0]!.message.content;
      usage.response = content;
      usage.model = completion.model ?? cfg.model;
      const answer = parseAnswer(content);
      const rationales = Object.fromEntries(
        answer.rationales.filter((r) => wanted.has(r.resume_id)).map((r) => [r.resume_id, r.rationale]),
      );
      if (Object.keys(rationales).length === 0) {
        // an answer about none of our candidates is as useless as no answer
        lastError = "the answer named none of the candidates";
        continue;
      }
      return { ok: true, rationales, ...usage };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, error: lastError, ...usage };
}

/** total_tokens of a completion body, read even when the rest of the body is unusable. */
function tokensOf(body: unknown): number {
  const total = (body as { usage?: { total_tokens?: unknown } } | null)?.usage?.total_tokens;
  return typeof total === "number" && Number.isInteger(total) && total > 0 ? total : 0;
}
