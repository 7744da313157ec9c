import type { presentAuditEntry, presentSettings } from "@/lib/api/presenters-resources";

/** GET /api/tokens items (the route's own presenter). */
export type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  scopes: string[];
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
};
export type CreatedToken = {
  id: string;
  name: string;
  prefix: string;
  token: string;
  created_at: string;
  expires_at: string | null;
};
export type AuditEntry = ReturnType<typeof presentAuditEntry>;
export type AuditPage = { entries: AuditEntry[]; total: number; next_cursor: string | null };
export type AuditFilters = {
  action: string;
  resource_type: string;
  resource_id: string;
  user_id: string;
  from: string;
  to: string;
  success: string;
};
export type OrgSettings = ReturnType<typeof presentSettings>;
export type RetentionReport = {
  success: boolean;
  org_id: string;
  retention_days: number | null;
  runs: number;
  steps: number;
  cache_entries: number;
  idempotency_keys: number;
};

export const tokensKey = (all: boolean) => ["tokens", { all }] as const;
export const auditKey = (f: AuditFilters) => ["audit", f] as const;
export const settingsKey = ["settings"] as const;
export const AUDIT_PAGE_SIZE = 50;
export type UserFilters = { q: string; role: string; active: string };
export const usersListKey = (f: UserFilters) => ["users", "list", f] as const;
export const auditFilterNames = [
  "action",
  "resource_type",
  "resource_id",
  "user_id",
  "from",
  "to",
  "success",
] as const;
/** The `to` filter is a day: include all of it. */
export const endOfDay = (date: string) => (date ? `${date}T23:59:59.999Z` : "");
export type ChannelConfigRow = {
  channel: "web" | "voice" | "efax" | "api" | "email";
  config: Record<string, unknown>;
  is_active: boolean;
  configured: boolean;
  updated_at: string | null;
};
export const channelConfigsKey = ["channel-configs"] as const;
