import { withApi } from "@/lib/api/handler";
import { engineActor, stepDocument, visibleRun } from "@/lib/api/runs";
import { startExternalStep } from "@/lib/engine/external";
import { stepParams } from "../../../../schema";

/**
 * An external executor takes a released `external` step (queued → running,
 * seed 002 start_workflow_step) under a lease of the step's timeout (1 hour
 * by default). 409 for engine-run step types or a step that is not queued.
 */
export const POST = withApi(
  { permission: "runs:report", params: stepParams },
  async ({ principal, params, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      await startExternalStep(tx, engineActor(principal, req), run, params.stepNumber);
      return stepDocument(tx, principal.orgId, run.id, params.stepNumber);
    }),
);
