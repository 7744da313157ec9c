import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { findResume } from "@/db/queries/resumes";
import { findUser } from "@/db/queries/users";
import { findWorkflow } from "@/db/queries/workflows";
import { workflowRuns } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { visibleRun } from "@/lib/api/runs";
import type { Principal } from "@/lib/auth/session";

// What interviews and todos link to. Every id is looked up inside the tenant (unknown or foreign: 404).
// Linking to a deleted workflow is a 409: its cascade and restore would not cover the new row.

export type LinkInput = { workflow_id?: string | null; run_id?: string | null };
export type Links = { workflowId?: string | null; runId?: string | null };

/**
 * Resolves workflow_id and run_id as given (undefined: unchanged, null: unlink). A run without a
 * workflow_id links its workflow too; a run of another workflow than workflow_id is a 422.
 */
export async function resolveLinks(tx: Tx, principal: Principal, input: LinkInput): Promise<Links> {
  const out: Links = {};
  if (input.run_id === null) out.runId = null;
  let runWorkflowId: string | null | undefined;
  if (input.run_id) {
    const run = await visibleRun(tx, principal, input.run_id);
    out.runId = run.id;
    runWorkflowId = run.workflowId;
  }
  let workflowId = input.workflow_id;
  if (workflowId === undefined && runWorkflowId) workflowId = runWorkflowId;
  if (workflowId) {
    const workflow = await findWorkflow(tx, principal.orgId, workflowId);
    if (!workflow) throw notFound("Workflow");
    if (workflow.isDeleted) {
      throw new ApiError("conflict", "The workflow is deleted; restore it before linking to it");
    }
    if (runWorkflowId !== undefined && runWorkflowId !== workflow.id) {
      throw new ApiError("unprocessable", "The run belongs to a different workflow than workflow_id");
    }
  }
  if (workflowId !== undefined) out.workflowId = workflowId;
  return out;
}

/** An active user of the organization (interviewer, assignee); 404 otherwise. */
export async function assertActiveUser(tx: Tx, orgId: string, userId: string, what: string): Promise<void> {
  const user = await findUser(tx, orgId, userId);
  if (!user?.isActive) throw notFound(what);
}

/** A live resume of the organization; 404 otherwise. */
export async function assertLiveResume(tx: Tx, orgId: string, resumeId: string): Promise<void> {
  const resume = await findResume(tx, orgId, resumeId);
  if (!resume || resume.isDeleted) throw notFound("Resume");
}

/** Restoring a row whose workflow is deleted would leave it outside its workflow's cascade: 409. */
export async function assertWorkflowLive(tx: Tx, orgId: string, workflowId: string | null): Promise<void> {
  if (!workflowId) return;
  const workflow = await findWorkflow(tx, orgId, workflowId);
  if (workflow?.isDeleted)
    throw new ApiError("conflict", "Its workflow is deleted; restore the workflow instead");
}

/** The run uuid for a run filter (`WF-…` or uuid); a run that is not visible matches nothing. */
export async function runFilterId(
  tx: Tx,
  orgId: string,
  ref: string | undefined,
): Promise<string | undefined> {
  if (!ref) return undefined;
  const isPublic = ref.startsWith("WF-");
  const [run] = await tx
    .select({ id: workflowRuns.id })
    .from(workflowRuns)
    .where(
      and(
        eq(workflowRuns.orgId, orgId),
        isPublic ? eq(workflowRuns.publicId, ref) : eq(workflowRuns.id, ref),
      ),
    );
  return run?.id ?? "00000000-0000-0000-0000-000000000000";
}
