import type {
  presentConfig,
  presentVersion,
  presentVersionSummary,
  presentWorkflowChannel,
  presentWorkflowSummary,
} from "@/lib/api/presenters-resources";
import type { WorkflowDetail } from "./editor-state";

export type { WorkflowDetail };
export type WorkflowSummary = ReturnType<typeof presentWorkflowSummary>;
export type WorkflowListPage = { workflows: WorkflowSummary[]; total: number };
export type VersionSummary = ReturnType<typeof presentVersionSummary>;
export type VersionDetail = ReturnType<typeof presentVersion>;
export type WorkflowChannel = ReturnType<typeof presentWorkflowChannel>;
export type ChannelSaveResult = WorkflowChannel & { webhook_secret?: string; warnings?: string[] };
export type ConfigVersion = ReturnType<typeof presentConfig>;
export type ActiveConfig = {
  workflow_id: string;
  channel: string;
  configs: Record<
    "global" | "channel" | "workflow",
    { id: string; version: number; config: Record<string, unknown> } | null
  >;
  merged: Record<string, unknown>;
};
/** DELETE and restore answer with the summary and what went (or came back) with the workflow. */
export type WorkflowCascade = WorkflowSummary & { interview_ids: string[]; todo_ids: string[] };

export const WORKFLOW_PAGE_SIZE = 50;

export type WorkflowFilters = { q: string; deleted: boolean };

export const workflowKeys = {
  all: ["workflows"] as const,
  list: (f: WorkflowFilters) => ["workflows", "list", { q: f.q, deleted: f.deleted }] as const,
  detail: (id: string) => ["workflows", "detail", id] as const,
  versions: (id: string) => ["workflows", "versions", id] as const,
  version: (id: string, version: number) => ["workflows", "version", id, version] as const,
  channels: (id: string) => ["workflows", "channels", id] as const,
  activeConfig: (id: string, channel: string) => ["workflows", "active-config", id, channel] as const,
  configs: (scope: string, key: string) => ["configs", scope, key] as const,
};

/** The detail URL a page's client uses: admins also see deleted workflows (to restore them). */
export function detailPath(workflowId: string, role: string) {
  return `/api/workflows/${workflowId}${role === "admin" ? "?include_deleted=true" : ""}`;
}
