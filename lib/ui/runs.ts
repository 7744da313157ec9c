// Shapes and vocabulary the run pages share. The JSON shapes are the API presenters' return
// types, so the server render, the API and the live stream all agree on one document.
import {
  type RunStatus,
  runStatuses,
  type StepStatus,
  terminalRunStatuses,
  terminalStepStatuses,
} from "@/db/schema/enums";
import type { presentRunDocument, presentRunSummary, presentStep } from "@/lib/api/presenters";
import { agentOf } from "@/lib/steps/registry";

export type RunSummary = ReturnType<typeof presentRunSummary>;
export type RunDocument = ReturnType<typeof presentRunDocument>;
export type RunStep = ReturnType<typeof presentStep>;
export type RunAgent = RunDocument["agents"][number];
export type RunMatch = RunDocument["matches"][number];
/**
 * `total` counts up to 10,000 matching runs; `total_exact` false: it is a lower bound (more than 10,000, or a
 * text search whose page came from the newest runs or from spans of time, counted there).
 */
export type RunListPage = {
  workflows: RunSummary[];
  total: number;
  total_exact: boolean;
  next_cursor: string | null;
};

export { runStatuses };
export type { RunStatus, StepStatus };

export const runStatusLabels: Record<RunStatus, string> = {
  pending: "Pending",
  active: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  timeout: "Timed out",
};

export const stepStatusLabels: Record<StepStatus, string> = {
  pending: "Pending",
  waiting_approval: "Awaiting approval",
  waiting_manual: "Awaiting manual start",
  scheduled: "Scheduled",
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  timeout: "Timed out",
  cancelled: "Cancelled",
  skipped: "Skipped",
};

export const channelLabels: Record<string, string> = {
  web: "Web",
  voice: "Voice",
  efax: "eFax",
  api: "API",
  email: "Email",
};

export const isTerminalRunStatus = (s: string): boolean =>
  (terminalRunStatuses as readonly string[]).includes(s);
export const isTerminalStepStatus = (s: string): boolean =>
  (terminalStepStatuses as readonly string[]).includes(s);

export const runQueryKey = (runId: string) => ["run", runId] as const;
export const runsQueryKey = (apiSearch: string) => ["runs", apiSearch] as const;

/** Seed-001 agent entries recomputed from a step the live stream sent (same rule as the presenter). */
export function agentOfStep(step: RunStep): RunAgent | null {
  const agent = agentOf(step.step_type);
  if (!agent) return null;
  return {
    agent_id: agent.id,
    step_number: step.step_number,
    status: step.status,
    started_at: step.started_at,
    completed_at: step.completed_at,
    duration_ms: step.duration_ms,
    processed: step.processed_items,
    total: step.total_items,
    attempt: step.attempt,
    error: step.error_message,
  };
}

/** A link target from recorded data: http(s) or a same-site path, never javascript: or data:. */
export function safeHref(url: unknown): string | null {
  if (typeof url !== "string" || !url) return null;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Folds one streamed step into the document (steps, agents and the derived progress). */
export function mergeStep(doc: RunDocument, step: RunStep): RunDocument {
  const idx = doc.steps.findIndex((s) => s.id === step.id || s.step_number === step.step_number);
  const prev = idx >= 0 ? doc.steps[idx] : undefined;
  // the stream can deliver an older snapshot after a newer one on reconnect
  if (prev?.updated_at && step.updated_at && prev.updated_at > step.updated_at) return doc;
  const steps =
    idx >= 0 ? doc.steps.map((s, i) => (i === idx ? step : s)) : [...doc.steps, step].sort(byStepNumber);
  const agent = agentOfStep(step);
  const agents = agent
    ? doc.agents.some((a) => a.step_number === agent.step_number)
      ? doc.agents.map((a) => (a.step_number === agent.step_number ? agent : a))
      : [...doc.agents, agent]
    : doc.agents;
  const completedAgents = agents.filter((a) => a.status === "completed").length;
  const progress = agents.length ? { ...doc.progress, completed_agents: completedAgents } : doc.progress;
  return { ...doc, steps, agents, progress };
}

const byStepNumber = (a: RunStep, b: RunStep) => a.step_number - b.step_number;

/**
 * Folds a streamed run into the document. A full document (it has steps) replaces ours when
 * it is not older; a summary updates the run-level fields and keeps our steps and matches.
 */
export function mergeRun(doc: RunDocument | undefined, incoming: unknown): RunDocument | undefined {
  if (!isRecord(incoming) || typeof incoming.status !== "string") return doc;
  const isDocument = Array.isArray(incoming.steps) && Array.isArray(incoming.agents);
  if (!doc) return isDocument ? (incoming as RunDocument) : undefined;
  const newer =
    typeof incoming.updated_at !== "string" || !doc.updated_at || incoming.updated_at >= doc.updated_at;
  if (!newer) return doc;
  if (isDocument) return incoming as RunDocument;
  const patch: Partial<RunDocument> = {};
  for (const key of Object.keys(doc) as (keyof RunDocument)[]) {
    if (key === "steps" || key === "agents" || key === "matches" || key === "progress") continue;
    if (key in incoming) (patch as Record<string, unknown>)[key] = incoming[key];
  }
  const progress = isRecord(incoming.progress) ? { ...doc.progress, ...incoming.progress } : doc.progress;
  return { ...doc, ...patch, progress };
}

/** Parses a stream message's data; null for anything that is not a JSON object. */
export function parseStreamData(data: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(data) as unknown;
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

export function isRunStep(v: unknown): v is RunStep {
  return (
    isRecord(v) &&
    typeof v.step_number === "number" &&
    typeof v.status === "string" &&
    typeof v.step_type === "string" &&
    Array.isArray(v.events)
  );
}
