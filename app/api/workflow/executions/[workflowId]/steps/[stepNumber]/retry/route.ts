import { withApi } from "@/lib/api/handler";
import { engineActor, stepDocument, visibleStep } from "@/lib/api/runs";
import { retryStep } from "@/lib/engine/runs";
import { stepParams } from "../../../../schema";

/**
 * Retries a failed, timed-out or cancelled step with a fresh retry budget
 * (seed 002 retry_workflow_step); an ended run reopens and later steps go
 * back to pending. 409 for a step in any other status.
 */
export const POST = withApi(
  { permission: "runs:operate", params: stepParams },
  async ({ principal, params, tenant, req }) =>
    tenant(async (tx) => {
      const { run, step } = await visibleStep(tx, principal, params.workflowId, params.stepNumber);
      await retryStep(tx, engineActor(principal, req), step.id);
      return stepDocument(tx, principal.orgId, run.id, step.stepNumber);
    }),
);
