import "server-only";
import { and, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type JobDescription, jobDescriptions } from "@/db/schema";
import {
  afterCursor,
  containsPattern,
  cursorAt,
  isUuid,
  type Page,
  type PageRequest,
  toPage,
} from "./paging";

export type JobListFilter = { orgId: string; q?: string; includeDeleted?: boolean };

function jobWhere(f: JobListFilter): SQL {
  const parts: (SQL | undefined)[] = [eq(jobDescriptions.orgId, f.orgId)];
  if (!f.includeDeleted) parts.push(eq(jobDescriptions.isDeleted, false));
  if (f.q) {
    const p = containsPattern(f.q);
    parts.push(
      or(
        ilike(jobDescriptions.title, p),
        ilike(jobDescriptions.publicId, p),
        ilike(jobDescriptions.department, p),
        ilike(jobDescriptions.location, p),
        ilike(jobDescriptions.description, p),
      ),
    );
  }
  return and(...parts)!;
}

/** Job descriptions newest first, by keyset cursor (or skip). */
export async function listJobs(
  q: Queryable,
  filter: JobListFilter,
  page: PageRequest,
): Promise<Page<JobDescription & { cursorAt: string }>> {
  const where = jobWhere(filter);
  const rows = await q
    .select({ job: jobDescriptions, cursorAt: cursorAt(jobDescriptions.createdAt) })
    .from(jobDescriptions)
    .where(
      page.cursor
        ? and(where, afterCursor(jobDescriptions.createdAt, jobDescriptions.id, page.cursor))
        : where,
    )
    .orderBy(desc(jobDescriptions.createdAt), desc(jobDescriptions.id))
    .limit(page.limit + 1)
    .offset(page.cursor ? 0 : (page.skip ?? 0));
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(jobDescriptions)
    .where(where);
  return toPage(
    rows.map((r) => ({ ...r.job, cursorAt: r.cursorAt })),
    page.limit,
    total,
  );
}

/** A job by `JD-…` or uuid inside the tenant, deleted or not; null when absent or foreign. */
export async function findJob(
  q: Queryable,
  orgId: string,
  ref: string,
  options: { forUpdate?: boolean } = {},
): Promise<JobDescription | null> {
  const byRef = isUuid(ref) ? eq(jobDescriptions.id, ref) : eq(jobDescriptions.publicId, ref);
  const query = q
    .select()
    .from(jobDescriptions)
    .where(and(eq(jobDescriptions.orgId, orgId), byRef));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export type JobFields = {
  title: string;
  description: string;
  department?: string | null;
  location?: string | null;
  employmentType?: string | null;
};

export async function insertJob(
  q: Queryable,
  orgId: string,
  createdBy: string,
  fields: JobFields,
): Promise<JobDescription> {
  const [row] = await q
    .insert(jobDescriptions)
    .values({ orgId, createdBy, ...fields })
    .returning();
  return row!;
}

/**
 * Updates the given fields. A changed title or description clears `parsed` (the jd-reader's output of
 * the old text), so the next run reads the job again.
 */
export async function updateJob(
  q: Queryable,
  current: JobDescription,
  patch: Partial<JobFields>,
): Promise<JobDescription> {
  const textChanged =
    (patch.title !== undefined && patch.title !== current.title) ||
    (patch.description !== undefined && patch.description !== current.description);
  const [row] = await q
    .update(jobDescriptions)
    .set({ ...patch, ...(textChanged ? { parsed: null } : {}), updatedAt: sql`now()` })
    .where(and(eq(jobDescriptions.orgId, current.orgId), eq(jobDescriptions.id, current.id)))
    .returning();
  return row!;
}
