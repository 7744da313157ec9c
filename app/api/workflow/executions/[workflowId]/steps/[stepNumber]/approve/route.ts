import { withApi } from "@/lib/api/handler";
import { engineActor, stepDocument, visibleStep } from "@/lib/api/runs";
import { decideApproval } from "@/lib/engine/runs";
import { stepParams } from "../../../../schema";
import { approveBody } from "./schema";

/**
 * One approver's decision on a step waiting for approval. The step moves on
 * once N distinct listed approvers approved (one rejection fails it and the
 * run). 403 for a caller who is not an approver of the step; 409 for a second
 * decision by the same approver or a step that is not waiting for approval.
 */
export const POST = withApi(
  { permission: "runs:approve", params: stepParams, body: approveBody },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const { run, step } = await visibleStep(tx, principal, params.workflowId, params.stepNumber, {
        approver: true,
      });
      const outcome = await decideApproval(tx, engineActor(principal, req), {
        stepId: step.id,
        decision: body.decision,
        comment: body.comment,
      });
      return {
        decision: body.decision,
        approvals: { approved: outcome.approvals, needed: outcome.needed },
        ...(await stepDocument(tx, principal.orgId, run.id, step.stepNumber)),
      };
    }),
);
