import "server-only";
import { and, desc, eq, gte, like, lte, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type AuditLog, auditLogs } from "@/db/schema";
import { afterCursor, cursorAt, type Page, type PageRequest, prefixPattern, toPage } from "./paging";

export type AuditFilter = {
  orgId: string;
  /** Exact action, or a family ending in `.*`. */
  action?: string;
  resourceType?: string;
  resourceId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  success?: boolean;
};

function auditWhere(f: AuditFilter): SQL {
  const parts: SQL[] = [eq(auditLogs.orgId, f.orgId)];
  if (f.action?.endsWith(".*")) {
    parts.push(like(auditLogs.action, prefixPattern(f.action.slice(0, -1))));
  } else if (f.action) parts.push(eq(auditLogs.action, f.action));
  if (f.resourceType) parts.push(eq(auditLogs.resourceType, f.resourceType));
  if (f.resourceId) parts.push(eq(auditLogs.resourceId, f.resourceId));
  if (f.userId) parts.push(eq(auditLogs.userId, f.userId));
  if (f.from) parts.push(gte(auditLogs.createdAt, f.from));
  if (f.to) parts.push(lte(auditLogs.createdAt, f.to));
  if (f.success !== undefined) parts.push(eq(auditLogs.success, f.success));
  return and(...parts)!;
}

/** Audit entries newest first, by keyset cursor (or skip). */
export async function listAudit(
  q: Queryable,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditLog & { cursorAt: string }>> {
  const where = auditWhere(filter);
  const rows = await q
    .select({ entry: auditLogs, cursorAt: cursorAt(auditLogs.createdAt) })
    .from(auditLogs)
    .where(page.cursor ? and(where, afterCursor(auditLogs.createdAt, auditLogs.id, page.cursor)) : where)
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(page.limit + 1)
    .offset(page.cursor ? 0 : (page.skip ?? 0));
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(auditLogs)
    .where(where);
  return toPage(
    rows.map((r) => ({ ...r.entry, cursorAt: r.cursorAt })),
    page.limit,
    total,
  );
}
