import "server-only";
import type { SQL } from "drizzle-orm";
import { prepared, type Queryable } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { clientIp } from "@/lib/api/rate-limit";

export type AuditActor = {
  orgId: string;
  userId?: string | null;
  apiTokenId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
};

export type AuditEntry = {
  action: string;
  resourceType: string;
  /** The resource's id, or a scalar subquery for one written earlier in the same round trip (startRun). */
  resourceId?: string | SQL | null;
  success?: boolean;
  details?: Record<string, unknown>;
};

/**
 * Writes one audit entry. Call it with the transaction that made the change,
 * so the entry and the change commit (or roll back) together.
 */
export async function audit(tx: Queryable, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await prepared(
    tx.insert(auditLogs).values({
      orgId: actor.orgId,
      userId: actor.userId ?? null,
      apiTokenId: actor.apiTokenId ?? null,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      success: entry.success ?? true,
      details: entry.details ?? {},
    }),
  );
}

/** Actor fields from a request: the client address the rate limits use (clientIp) and user agent. */
export function requestMeta(headers: Headers): { ipAddress: string | null; userAgent: string | null } {
  const address = clientIp(headers);
  return { ipAddress: address === "unknown" ? null : address, userAgent: headers.get("user-agent") };
}
