import type { LlmConfig } from "./rationale";

/**
 * The optional LLM provider from LLM_BASE_URL, LLM_API_KEY and LLM_MODEL, read when a step runs
 * (not from env()'s start-up snapshot), so a worker picks up the settings it was started with and
 * tests can point it at a local fake. All three or nothing, as lib/env.ts validates at start-up;
 * empty strings mean unset.
 */
export function llmConfigFromEnv(source: Record<string, string | undefined> = process.env): LlmConfig | null {
  const baseUrl = source.LLM_BASE_URL?.trim();
  const apiKey = source.LLM_API_KEY?.trim();
  const model = source.LLM_MODEL?.trim();
  if (!baseUrl || !apiKey || !model) return null;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  } catch {
    return null;
  }
  return { baseUrl, apiKey, model };
}
