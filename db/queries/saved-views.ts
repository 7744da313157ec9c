import "server-only";
import { and, asc, desc, eq, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type SavedView, savedViews } from "@/db/schema";
import { isUuid } from "./paging";

/** The caller's views plus the views others shared with the organization; the caller's first. */
export async function listSavedViews(
  q: Queryable,
  f: { orgId: string; userId: string; page?: string },
  paging: { limit: number; skip: number },
) {
  const parts: (SQL | undefined)[] = [
    eq(savedViews.orgId, f.orgId),
    or(eq(savedViews.userId, f.userId), eq(savedViews.shared, true)),
  ];
  if (f.page) parts.push(eq(savedViews.page, f.page));
  const where = and(...parts);
  const rows = await q
    .select()
    .from(savedViews)
    .where(where)
    .orderBy(
      desc(sql`${savedViews.userId} = ${f.userId}`),
      asc(savedViews.page),
      asc(savedViews.name),
      asc(savedViews.id),
    )
    .limit(paging.limit)
    .offset(paging.skip);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(savedViews)
    .where(where);
  return { rows, total };
}

/** A view the user owns; others' views (shared or not) are null, as if they did not exist. */
export async function findOwnSavedView(
  q: Queryable,
  orgId: string,
  userId: string,
  id: string,
): Promise<SavedView | null> {
  if (!isUuid(id)) return null;
  const [row] = await q
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.orgId, orgId), eq(savedViews.userId, userId), eq(savedViews.id, id)))
    .for("update");
  return row ?? null;
}

/** Whether the user already has a view of this name on this page (other than `exceptId`). */
export async function savedViewNameTaken(
  q: Queryable,
  f: { orgId: string; userId: string; page: string; name: string; exceptId?: string },
): Promise<boolean> {
  const [row] = await q
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.orgId, f.orgId),
        eq(savedViews.userId, f.userId),
        eq(savedViews.page, f.page),
        eq(savedViews.name, f.name),
      ),
    );
  return row !== undefined && row.id !== f.exceptId;
}

export async function insertSavedView(
  q: Queryable,
  values: {
    orgId: string;
    userId: string;
    name: string;
    page: string;
    params: Record<string, string>;
    shared: boolean;
  },
): Promise<SavedView> {
  const [row] = await q.insert(savedViews).values(values).returning();
  return row!;
}

export async function updateSavedView(
  q: Queryable,
  view: SavedView,
  values: Partial<Pick<SavedView, "name" | "params" | "shared">>,
): Promise<SavedView> {
  const [row] = await q
    .update(savedViews)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(savedViews.orgId, view.orgId), eq(savedViews.id, view.id)))
    .returning();
  return row!;
}

export async function deleteSavedView(q: Queryable, view: SavedView): Promise<void> {
  await q.delete(savedViews).where(and(eq(savedViews.orgId, view.orgId), eq(savedViews.id, view.id)));
}
