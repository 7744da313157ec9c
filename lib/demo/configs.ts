// Versioned configuration for the demo organization (seed 002's workflow_configs and
// channel_configs): one active version per scope, older versions kept inactive, and the snapshot a
// run took of whatever was active when it started (seed 004's config_snapshot).

import type { Channel } from "@/db/schema/enums";

export type DemoConfigVersion = {
  scope: "global" | "channel" | "workflow";
  channel: Channel | null;
  /** Which demo workflow a workflow-scoped version belongs to. */
  workflow: "matching" | null;
  version: number;
  config: Record<string, unknown>;
  /** Days before `now` the version was created and activated. */
  activatedDaysAgo: number;
};

export const LLM_MODELS = ["gpt-4o-mini", "claude-3-5-haiku"] as const;

/**
 * The history: the global config moved to a new LLM model 15 days ago, voice got longer calls
 * 20 days ago and the matching workflow raised its batch size 30 days ago. Runs before and after
 * a change snapshot different versions, which is what the run detail page shows.
 */
export const demoConfigVersions: DemoConfigVersion[] = [
  {
    scope: "global",
    channel: null,
    workflow: null,
    version: 1,
    activatedDaysAgo: 90,
    config: {
      llm: { model: LLM_MODELS[0], temperature: 0.2, max_tokens: 2048 },
      run_timeout_seconds: 3600,
      bands: { excellent: 85, good: 70, average: 50 },
    },
  },
  {
    scope: "global",
    channel: null,
    workflow: null,
    version: 2,
    activatedDaysAgo: 40,
    config: {
      llm: { model: LLM_MODELS[0], temperature: 0.1, max_tokens: 2048 },
      run_timeout_seconds: 3600,
      bands: { excellent: 85, good: 70, average: 50 },
      cache_ttl_hours: 168,
    },
  },
  {
    scope: "global",
    channel: null,
    workflow: null,
    version: 3,
    activatedDaysAgo: 15,
    config: {
      llm: { model: LLM_MODELS[1], temperature: 0.1, max_tokens: 4096 },
      run_timeout_seconds: 3600,
      bands: { excellent: 85, good: 70, average: 50 },
      cache_ttl_hours: 168,
    },
  },
  {
    scope: "channel",
    channel: "voice",
    workflow: null,
    version: 1,
    activatedDaysAgo: 90,
    config: { max_call_minutes: 10, recording: true, language: "en-US", retry_no_answer: 2 },
  },
  {
    scope: "channel",
    channel: "voice",
    workflow: null,
    version: 2,
    activatedDaysAgo: 20,
    config: {
      max_call_minutes: 15,
      recording: true,
      language: "en-US",
      retry_no_answer: 2,
      voicemail_drop: true,
    },
  },
  {
    scope: "channel",
    channel: "efax",
    workflow: null,
    version: 1,
    activatedDaysAgo: 90,
    config: { ocr_min_confidence: 0.6, max_pages: 20 },
  },
  {
    scope: "channel",
    channel: "web",
    workflow: null,
    version: 1,
    activatedDaysAgo: 90,
    config: { max_batch_size: 200, max_upload_mb: 10 },
  },
  {
    scope: "workflow",
    channel: null,
    workflow: "matching",
    version: 1,
    activatedDaysAgo: 90,
    config: { batch_size: 10, parallelism: 2 },
  },
  {
    scope: "workflow",
    channel: null,
    workflow: "matching",
    version: 2,
    activatedDaysAgo: 30,
    config: { batch_size: 25, parallelism: 4 },
  },
];

/** channel_configs: the organization's settings per channel. */
export const demoChannelConfigs: { channel: Channel; isActive: boolean; config: Record<string, unknown> }[] =
  [
    { channel: "web", isActive: true, config: { allowed_types: ["pdf", "docx", "txt"], max_upload_mb: 10 } },
    {
      channel: "voice",
      isActive: true,
      config: {
        provider: "demo-voice",
        caller_id: "+1 512 555 0100",
        business_hours: "08:00-19:00 America/Chicago",
      },
    },
    { channel: "efax", isActive: true, config: { gateway: "demo-fax", inbound_number: "+1 312 555 0199" } },
    { channel: "api", isActive: true, config: { rate_limit_per_minute: 120, idempotency_ttl_hours: 24 } },
    // inbound e-mail is set up but not switched on: no intake workflow is chosen yet
    { channel: "email", isActive: false, config: { inbound_address: "jobs@acme.example" } },
  ];

const DAY_MS = 86_400_000;

function activeAt(
  versions: DemoConfigVersion[],
  at: Date,
  now: Date,
  match: (v: DemoConfigVersion) => boolean,
): DemoConfigVersion | null {
  let found: DemoConfigVersion | null = null;
  for (const v of versions) {
    if (!match(v)) continue;
    const activated = now.getTime() - v.activatedDaysAgo * DAY_MS;
    if (activated <= at.getTime() && (!found || v.version > found.version)) found = v;
  }
  return found;
}

/** What a run starting at `at` on `channel` captured, and the LLM model that configuration named. */
export function configSnapshotAt(
  at: Date,
  now: Date,
  channel: Channel,
  workflow: "matching" | null,
): { snapshot: Record<string, unknown>; llmModel: string } {
  const global = activeAt(demoConfigVersions, at, now, (v) => v.scope === "global");
  const channelVersion = activeAt(
    demoConfigVersions,
    at,
    now,
    (v) => v.scope === "channel" && v.channel === channel,
  );
  const workflowVersion = workflow
    ? activeAt(demoConfigVersions, at, now, (v) => v.scope === "workflow" && v.workflow === workflow)
    : null;
  const pick = (v: DemoConfigVersion | null) => (v ? { version: v.version, config: v.config } : null);
  const llm = (global?.config.llm ?? {}) as { model?: string };
  return {
    snapshot: {
      global: pick(global),
      channel: channelVersion ? { channel, ...pick(channelVersion) } : null,
      workflow: pick(workflowVersion),
      captured_at: at.toISOString(),
    },
    llmModel: llm.model ?? LLM_MODELS[0],
  };
}
