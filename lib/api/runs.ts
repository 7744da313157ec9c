import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  approvalsOfStep,
  type CreatedRun,
  approvedCounts,
  decodeRunCursor,
  findRun,
  findStepByNumber,
  getRunDetail,
  isApproverOfRun,
  isUuid,
  listRuns,
  matchingRunRefs,
  runHeads,
  type RunFilters,
} from "@/db/queries/runs";
import { jobDescriptions, type WorkflowRun, type WorkflowRunStep } from "@/db/schema";
import type { UserRole } from "@/db/schema/enums";
import { requestMeta } from "@/lib/audit";
import { allows } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/session";
import { type Actor, stepsAwaitingApproval } from "@/lib/engine/runs";
import { ApiError, toApiError } from "./errors";
import type { ApiContext } from "./handler";
import { presentRunDocument, presentRunSummary, presentStep } from "./presenters";
import type { RunListQueryInput } from "./schemas";

/** The caller's view of the run list: their own runs, or the organization's when asked and allowed. */
export function ownerScope(principal: Principal, scope: "mine" | "org"): string | undefined {
  if (scope === "mine") return principal.userId;
  if (!allows(principal, "runs:read_org")) {
    throw new ApiError("forbidden", `Your role (${principal.role}) may only list its own runs`);
  }
  return undefined;
}

/** A job reference (JD-… or uuid) to its uuid inside the tenant; null when absent. */
export async function resolveJobId(tx: Tx, orgId: string, ref: string): Promise<string | null> {
  const where = isUuid(ref) ? eq(jobDescriptions.id, ref) : eq(jobDescriptions.publicId, ref);
  const [jd] = await tx
    .select({ id: jobDescriptions.id })
    .from(jobDescriptions)
    .where(and(eq(jobDescriptions.orgId, orgId), where));
  return jd?.id ?? null;
}

/**
 * The run history (seed 001 GET /workflow/executions), the one read model behind both the API route and
 * the /runs page. `total` counts matching runs up to RUN_TOTAL_CAP (`total_exact` false beyond); every
 * sort pages by keyset `cursor` (the previous page's next_cursor, for the same sort); `skip` is bounded
 * by the query schema (RUN_MAX_SKIP).
 */
export async function runHistory(tx: Tx, principal: Principal, query: RunListQueryInput) {
  const ownerId = ownerScope(principal, query.scope);
  if (query.cursor !== undefined) {
    const cursor = decodeRunCursor(query.cursor);
    const problem = !cursor
      ? "not a cursor this API returned (use next_cursor of the previous page)"
      : cursor.sort !== query.sort
        ? `this cursor pages sort=${cursor.sort}; start again without cursor to page sort=${query.sort}`
        : null;
    if (problem)
      throw new ApiError("validation_error", "Invalid query", [{ path: "query.cursor", message: problem }]);
  }
  const page = await listRuns(tx, {
    orgId: principal.orgId,
    ownerId,
    filters: await runFilters(tx, principal.orgId, query),
    limit: query.limit,
    skip: query.skip,
    cursor: query.cursor,
    sort: query.sort,
  });
  return {
    workflows: page.rows.map(presentRunSummary),
    total: page.total,
    total_exact: page.totalExact,
    next_cursor: page.nextCursor,
  };
}

const NO_MATCH = "00000000-0000-0000-0000-000000000000";

/** Query filters to RunFilters, resolving the job reference inside the tenant. */
export async function runFilters(
  tx: Tx,
  orgId: string,
  q: Omit<RunListQueryInput, "skip" | "limit" | "cursor" | "sort" | "scope">,
): Promise<RunFilters> {
  return {
    status: q.status,
    channel: q.channel,
    workflowId: q.workflow,
    jdId: q.jd_id ? ((await resolveJobId(tx, orgId, q.jd_id)) ?? NO_MATCH) : undefined,
    startedBy: q.started_by,
    from: q.from,
    to: q.to,
    q: q.q,
    context: q.context,
  };
}

/**
 * A run the caller may see: in their organization, and their own unless
 * their role reads the organization's runs — or, with `approver`, a run with
 * a step that lists the caller as an approver (they must see what they decide
 * on). Anything else is a 404, never a 403 that would confirm the id exists.
 */
export async function visibleRun(
  tx: Tx,
  principal: Principal,
  ref: string,
  options: { approver?: boolean } = {},
): Promise<WorkflowRun> {
  const run = await findRun(tx, principal.orgId, ref);
  if (!run) throw new ApiError("not_found", "Run not found");
  if (allows(principal, "runs:read_org") || run.startedBy === principal.userId) return run;
  if (options.approver && (await isApproverOfRun(tx, run.id, principal.userId))) return run;
  throw new ApiError("not_found", "Run not found");
}

/** A visible run and one of its steps by number; 404 when either is missing. */
export async function visibleStep(
  tx: Tx,
  principal: Principal,
  ref: string,
  stepNumber: number,
  options: { approver?: boolean } = {},
): Promise<{ run: WorkflowRun; step: WorkflowRunStep }> {
  const run = await visibleRun(tx, principal, ref, options);
  const step = await findStepByNumber(tx, run.id, stepNumber);
  if (!step) throw new ApiError("not_found", `Run ${run.publicId} has no step ${stepNumber}`);
  return { run, step };
}

/** The caller as the engine's actor: who, with which token, from where (for the audit trail). */
export function engineActor(principal: Principal, req: Request): Actor & { userId: string; role: UserRole } {
  return {
    orgId: principal.orgId,
    userId: principal.userId,
    apiTokenId: principal.tokenId,
    role: principal.role,
    ...requestMeta(req.headers),
  };
}

/** The seed-001 document of a run, read fresh in the caller's transaction (after a change). */
export async function runDocument(tx: Tx, orgId: string, runId: string, created?: CreatedRun) {
  const detail = await getRunDetail(tx, orgId, runId, created);
  if (!detail) throw new ApiError("not_found", "Run not found");
  return presentRunDocument(detail);
}

/** One step with its run's id and status, read fresh (after a change): the answer of every step route. */
export async function stepDocument(tx: Tx, orgId: string, runId: string, stepNumber: number) {
  const run = await findRun(tx, orgId, runId);
  const step = run ? await findStepByNumber(tx, run.id, stepNumber) : null;
  if (!run || !step) throw new ApiError("not_found", "Step not found");
  return {
    workflow_id: run.publicId,
    run_status: run.status,
    run_progress: run.progress,
    step: presentStep(step, await approvalsOfStep(tx, step.id)),
  };
}

/** Bulk actions touch at most this many runs per request. */
export const BULK_LIMIT = 500;

export type BulkSelection = {
  ids?: string[];
  filter?: Omit<RunListQueryInput, "skip" | "limit" | "cursor" | "sort">;
};

export type BulkOutcome = {
  workflow_id: string;
  ok: boolean;
  error?: { code: string; message: string };
  [extra: string]: unknown;
};

/**
 * Applies `op` to each selected run in its own transaction, so one run that
 * cannot be changed (already ended, not visible) fails alone; answers one
 * outcome per run, how many matched and whether the 500-run cap cut the
 * selection short. The bulk request itself is audited once more at the end.
 */
export async function runBulk(
  ctx: Pick<ApiContext<unknown, BulkSelection, unknown>, "principal" | "body" | "tenant" | "audit" | "req">,
  action: "cancel" | "rerun",
  op: (tx: Tx, actor: Actor, run: WorkflowRun) => Promise<Record<string, unknown>>,
) {
  const { principal, body, tenant } = ctx;
  let refs: string[];
  let matched: number;
  if (body.ids) {
    refs = [...new Set(body.ids)];
    matched = refs.length;
  } else {
    const filter = body.filter ?? { scope: "mine" as const };
    const ownerId = ownerScope(principal, filter.scope);
    const found = await tenant(async (tx) =>
      matchingRunRefs(tx, {
        orgId: principal.orgId,
        ownerId,
        filters: await runFilters(tx, principal.orgId, filter),
        limit: BULK_LIMIT,
      }),
    );
    refs = found.refs.map((r) => r.publicId);
    matched = found.total;
  }
  const actor = engineActor(principal, ctx.req);
  const results: BulkOutcome[] = [];
  for (const ref of refs) {
    try {
      const outcome = await tenant(async (tx) => {
        const run = await visibleRun(tx, principal, ref);
        return { workflow_id: run.publicId, ok: true, ...(await op(tx, actor, run)) };
      });
      results.push(outcome);
    } catch (error) {
      const e = toApiError(error);
      results.push({ workflow_id: ref, ok: false, error: { code: e.code, message: e.message } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  const summary = {
    action,
    matched,
    processed: refs.length,
    succeeded,
    failed: refs.length - succeeded,
    limit: BULK_LIMIT,
    capped: matched > refs.length,
  };
  await tenant((tx) =>
    ctx.audit(tx, {
      action: `run.bulk_${action}`,
      resourceType: "workflow_run",
      details: { ...summary, by: body.ids ? "ids" : "filter" },
    }),
  );
  return { ...summary, results };
}

/** When a step started waiting for approval: its last transition into waiting_approval. */
function waitingSince(step: WorkflowRunStep): string {
  const entered = step.events.findLast((e) => e.data?.to === "waiting_approval");
  return entered?.timestamp ?? step.updatedAt.toISOString();
}

/** Steps waiting for the caller's decision, with their run and N-of-M progress (GET /api/approvals). */
export async function approvalInbox(tx: Tx, principal: Principal, limit: number) {
  const waiting = await stepsAwaitingApproval(tx, principal.orgId, {
    id: principal.userId,
    role: principal.role,
  });
  const page = waiting.slice(0, limit);
  const counts = await approvedCounts(
    tx,
    page.map((s) => s.id),
  );
  const heads = new Map((await runHeads(tx, [...new Set(page.map((s) => s.runId))])).map((h) => [h.id, h]));
  return {
    approvals: page.map((s) => {
      const run = heads.get(s.runId);
      const approved = counts.get(s.id) ?? 0;
      const needed = s.numberOfApprovalsNeeded ?? 1;
      return {
        step_id: s.id,
        step_number: s.stepNumber,
        step_name: s.stepName,
        step_description: s.stepDescription,
        workflow_id: run?.publicId ?? null,
        run_title: run?.title ?? null,
        run_status: run?.status ?? null,
        jd_title: run?.jdTitle ?? null,
        started_by: run?.startedBy ?? null,
        started_by_name: run?.startedByName ?? null,
        approvers: s.approvers,
        approvals: { approved, needed, progress: `${approved} of ${needed}` },
        waiting_since: waitingSince(s),
      };
    }),
    total: waiting.length,
  };
}
