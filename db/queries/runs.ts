import "server-only";
import { and, asc, desc, eq, gte, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import {
  jobDescriptions,
  matchResults,
  resumes,
  type Screenshot,
  stepApprovals,
  users,
  type WorkflowRun,
  workflowRunSteps,
  workflowRuns,
  workflows,
} from "@/db/schema";
import type { Channel, RunStatus } from "@/db/schema/enums";

import { afterCursor, containsPattern, cursorAt, decodeCursor, isUuid, toPage } from "./paging";

export { isUuid };

export type RunFilters = {
  status?: RunStatus[];
  channel?: Channel[];
  workflowId?: string;
  jdId?: string;
  startedBy?: string;
  from?: Date;
  to?: Date;
  /** Free text over title, public id, external id and context. */
  q?: string;
  /** JSON containment on context, e.g. {"correlation_id":"xyz789"} (GIN index). */
  context?: Record<string, unknown>;
  /** Explicit run ids (public WF-… or uuid), for bulk actions. */
  ids?: string[];
};

export type RunSort =
  | "created_at"
  | "-created_at"
  | "duration_ms"
  | "-duration_ms"
  | "status"
  | "-status"
  | "title"
  | "-title";

export type RunListQuery = {
  orgId: string;
  /** Only this user's runs (the default scope of the seed's endpoint). */
  ownerId?: string;
  filters: RunFilters;
  limit: number;
  skip?: number;
  cursor?: string | null;
  sort?: RunSort;
};

/** The WHERE clause of the run list; shared by the page, its count, exports and bulk actions. */
export function runWhere(orgId: string, f: RunFilters, ownerId?: string): SQL {
  const parts: (SQL | undefined)[] = [eq(workflowRuns.orgId, orgId)];
  if (ownerId) parts.push(eq(workflowRuns.startedBy, ownerId));
  if (f.status?.length) parts.push(inArray(workflowRuns.status, f.status));
  if (f.channel?.length) parts.push(inArray(workflowRuns.channel, f.channel));
  if (f.workflowId) parts.push(eq(workflowRuns.workflowId, f.workflowId));
  if (f.jdId) parts.push(eq(workflowRuns.jdId, f.jdId));
  if (f.startedBy) parts.push(eq(workflowRuns.startedBy, f.startedBy));
  if (f.from) parts.push(gte(workflowRuns.createdAt, f.from));
  if (f.to) parts.push(lte(workflowRuns.createdAt, f.to));
  if (f.context) parts.push(sql`${workflowRuns.context} @> ${JSON.stringify(f.context)}::jsonb`);
  if (f.q) {
    const like = containsPattern(f.q);
    parts.push(
      or(
        sql`${workflowRuns.title} ILIKE ${like}`,
        sql`${workflowRuns.publicId} ILIKE ${like}`,
        sql`${workflowRuns.externalId} ILIKE ${like}`,
        sql`${workflowRuns.jdTitle} ILIKE ${like}`,
        sql`${workflowRuns.context}::text ILIKE ${like}`,
      ),
    );
  }
  if (f.ids) {
    const uuids = f.ids.filter(isUuid);
    const publics = f.ids.filter((i) => !isUuid(i));
    parts.push(
      or(
        uuids.length ? inArray(workflowRuns.id, uuids) : sql`false`,
        publics.length ? inArray(workflowRuns.publicId, publics) : sql`false`,
      ),
    );
  }
  return and(...parts.filter(Boolean))!;
}

function orderBy(sort: RunSort) {
  const desc_ = sort.startsWith("-");
  const col = sort.replace(/^-/, "");
  const column =
    col === "duration_ms"
      ? workflowRuns.durationMs
      : col === "status"
        ? workflowRuns.status
        : col === "title"
          ? workflowRuns.title
          : workflowRuns.createdAt;
  return [
    desc_ ? sql`${column} desc nulls last` : sql`${column} asc nulls last`,
    desc_ ? desc(workflowRuns.id) : asc(workflowRuns.id),
  ];
}

export const runListColumns = {
  id: workflowRuns.id,
  publicId: workflowRuns.publicId,
  title: workflowRuns.title,
  status: workflowRuns.status,
  channel: workflowRuns.channel,
  externalId: workflowRuns.externalId,
  workflowId: workflowRuns.workflowId,
  workflowName: workflows.name,
  workflowVersion: workflowRuns.workflowVersion,
  jdId: workflowRuns.jdId,
  jdPublicId: jobDescriptions.publicId,
  jdTitle: workflowRuns.jdTitle,
  startedBy: workflowRuns.startedBy,
  startedByName: users.name,
  startedByEmail: users.email,
  resumeIds: workflowRuns.resumeIds,
  totalResumes: workflowRuns.totalResumes,
  processedResumes: workflowRuns.processedResumes,
  progress: workflowRuns.progress,
  metrics: workflowRuns.metrics,
  results: workflowRuns.results,
  context: workflowRuns.context,
  errorMessage: workflowRuns.errorMessage,
  errorDetails: workflowRuns.errorDetails,
  source: workflowRuns.source,
  tier: workflowRuns.tier,
  llmModel: workflowRuns.llmModel,
  llmTokensUsed: workflowRuns.llmTokensUsed,
  startedAt: workflowRuns.startedAt,
  completedAt: workflowRuns.completedAt,
  durationMs: workflowRuns.durationMs,
  createdAt: workflowRuns.createdAt,
  updatedAt: workflowRuns.updatedAt,
};

/** A run as the list, exports and bulk actions see it. */
export type RunListRow = Omit<Awaited<ReturnType<typeof selectRuns>>[number], "cursorAt">;

function selectRuns(q: Queryable) {
  return q
    .select({ ...runListColumns, cursorAt: cursorAt(workflowRuns.createdAt) })
    .from(workflowRuns)
    .leftJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .leftJoin(jobDescriptions, eq(jobDescriptions.id, workflowRuns.jdId))
    .leftJoin(users, eq(users.id, workflowRuns.startedBy));
}

/**
 * One page of the run history plus the real number of matching runs. The
 * default order (newest first) pages by keyset cursor, so deep pages cost the
 * same as the first; other orders and the seed's skip use OFFSET.
 */
export async function listRuns(q: Queryable, query: RunListQuery) {
  const where = runWhere(query.orgId, query.filters, query.ownerId);
  const sort = query.sort ?? "-created_at";
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const keyset =
    cursor && sort === "-created_at"
      ? afterCursor(workflowRuns.createdAt, workflowRuns.id, cursor)
      : undefined;
  const fetched = await selectRuns(q)
    .where(keyset ? and(where, keyset) : where)
    .orderBy(...orderBy(sort))
    .limit(query.limit + 1)
    .offset(keyset ? 0 : (query.skip ?? 0));
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(where);
  // Only the default order pages by cursor; the others page by skip.
  const page = toPage(fetched, query.limit, total);
  return sort === "-created_at" ? page : { ...page, nextCursor: null };
}

/** Finds a run by public id (`WF-…`) or uuid inside the tenant; null when absent or foreign. */
export async function findRun(
  q: Queryable,
  orgId: string,
  idOrPublicId: string,
): Promise<WorkflowRun | null> {
  const byId = isUuid(idOrPublicId)
    ? eq(workflowRuns.id, idOrPublicId)
    : eq(workflowRuns.publicId, idOrPublicId);
  const [run] = await q
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.orgId, orgId), byId));
  return run ?? null;
}

/** Everything the run page and the seed-001 document show. */
/**
 * A run with its steps, approvals, match results and names. `created`: the row of a run this
 * transaction has just started (startRun's answer), so it is not read again, and it has no approvals
 * or match results yet (nothing has run), so those are not queried.
 */
export async function getRunDetail(q: Queryable, orgId: string, idOrPublicId: string, created?: WorkflowRun) {
  const run = created ?? (await findRun(q, orgId, idOrPublicId));
  if (!run) return null;
  // sequential: a transaction handle runs one statement at a time
  const steps = await q
    .select()
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, run.id))
    .orderBy(asc(workflowRunSteps.stepNumber));
  const approvals = created
    ? []
    : await q
        .select({
          stepId: stepApprovals.stepId,
          userId: stepApprovals.userId,
          userName: users.name,
          decision: stepApprovals.decision,
          comment: stepApprovals.comment,
          createdAt: stepApprovals.createdAt,
        })
        .from(stepApprovals)
        .leftJoin(users, eq(users.id, stepApprovals.userId))
        .where(eq(stepApprovals.runId, run.id))
        .orderBy(asc(stepApprovals.createdAt));
  const matches = created
    ? []
    : await q
        .select({
          resumeId: matchResults.resumeId,
          candidateName: resumes.candidateName,
          fileName: resumes.fileName,
          score: matchResults.score,
          band: matchResults.band,
          matchedSkills: matchResults.matchedSkills,
          missingSkills: matchResults.missingSkills,
          explanation: matchResults.explanation,
          rationale: matchResults.rationale,
        })
        .from(matchResults)
        .leftJoin(resumes, eq(resumes.id, matchResults.resumeId))
        .where(eq(matchResults.runId, run.id))
        .orderBy(desc(matchResults.score));
  const meta = await q
    .select({
      jdPublicId: jobDescriptions.publicId,
      workflowName: workflows.name,
      startedByName: users.name,
      startedByEmail: users.email,
    })
    .from(workflowRuns)
    .leftJoin(jobDescriptions, eq(jobDescriptions.id, workflowRuns.jdId))
    .leftJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .leftJoin(users, eq(users.id, workflowRuns.startedBy))
    .where(eq(workflowRuns.id, run.id));
  return {
    run,
    steps,
    approvals,
    matches,
    ...(meta[0] ?? { jdPublicId: null, workflowName: null, startedByName: null, startedByEmail: null }),
  };
}

export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRunDetail>>>;

/** One step of a run by its number; null when the run has no such step. */
export async function findStepByNumber(q: Queryable, runId: string, stepNumber: number) {
  const [step] = await q
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepNumber, stepNumber)));
  return step ?? null;
}

/** The decisions recorded on one step, oldest first, with the approver's name. */
export function approvalsOfStep(q: Queryable, stepId: string) {
  return q
    .select({
      stepId: stepApprovals.stepId,
      userId: stepApprovals.userId,
      userName: users.name,
      decision: stepApprovals.decision,
      comment: stepApprovals.comment,
      createdAt: stepApprovals.createdAt,
    })
    .from(stepApprovals)
    .leftJoin(users, eq(users.id, stepApprovals.userId))
    .where(eq(stepApprovals.stepId, stepId))
    .orderBy(asc(stepApprovals.createdAt));
}

/** Whether the user is a listed approver of any step of the run (approvers may see what they decide on). */
export async function isApproverOfRun(q: Queryable, runId: string, userId: string): Promise<boolean> {
  const [hit] = await q
    .select({ id: workflowRunSteps.id })
    .from(workflowRunSteps)
    .where(
      and(
        eq(workflowRunSteps.runId, runId),
        sql`${workflowRunSteps.approvers} @> ${JSON.stringify([userId])}::jsonb`,
      ),
    )
    .limit(1);
  return Boolean(hit);
}

/**
 * The runs a bulk action applies to: the run list's WHERE clause, newest
 * first, at most `limit` of them, plus how many matched in all.
 */
export async function matchingRunRefs(
  q: Queryable,
  query: { orgId: string; ownerId?: string; filters: RunFilters; limit: number },
) {
  const where = runWhere(query.orgId, query.filters, query.ownerId);
  const refs = await q
    .select({ id: workflowRuns.id, publicId: workflowRuns.publicId })
    .from(workflowRuns)
    .where(where)
    .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
    .limit(query.limit);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(where);
  return { refs, total };
}

/** Approved decisions so far per step (the N of "N of M"). */
export async function approvedCounts(q: Queryable, stepIds: string[]): Promise<Map<string, number>> {
  if (!stepIds.length) return new Map();
  const counted = await q
    .select({ stepId: stepApprovals.stepId, n: sql<number>`count(*)::int` })
    .from(stepApprovals)
    .where(and(inArray(stepApprovals.stepId, stepIds), eq(stepApprovals.decision, "approved")))
    .groupBy(stepApprovals.stepId);
  return new Map(counted.map((c) => [c.stepId, c.n]));
}

/** Run ids, titles and owners for a set of runs (the approvals inbox). */
export function runHeads(q: Queryable, runIds: string[]) {
  if (!runIds.length) return Promise.resolve([]);
  return q
    .select({
      id: workflowRuns.id,
      publicId: workflowRuns.publicId,
      title: workflowRuns.title,
      status: workflowRuns.status,
      jdTitle: workflowRuns.jdTitle,
      startedBy: workflowRuns.startedBy,
      startedByName: users.name,
      createdAt: workflowRuns.createdAt,
    })
    .from(workflowRuns)
    .leftJoin(users, eq(users.id, workflowRuns.startedBy))
    .where(inArray(workflowRuns.id, runIds));
}

/**
 * One screenshot entry of a step, read alone (uploaded images make the whole array large): null when
 * the run has no such step; `shot` null when the step has no entry at that index.
 */
export async function screenshotAt(q: Queryable, runId: string, stepNumber: number, index: number) {
  const [row] = await q
    .select({ shot: sql<Screenshot | null>`${workflowRunSteps.screenshots} -> ${index}::int` })
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepNumber, stepNumber)));
  return row ? { shot: row.shot } : null;
}
