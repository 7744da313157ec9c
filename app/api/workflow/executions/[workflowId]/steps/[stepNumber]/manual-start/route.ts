import { withApi } from "@/lib/api/handler";
import { engineActor, stepDocument, visibleStep } from "@/lib/api/runs";
import { startManualStep } from "@/lib/engine/runs";
import { stepParams } from "../../../../schema";

/** Starts a step that waits for a manual start (auto_start false). 409 when it is not waiting for one. */
export const POST = withApi(
  { permission: "runs:operate", params: stepParams },
  async ({ principal, params, tenant, req }) =>
    tenant(async (tx) => {
      const { run, step } = await visibleStep(tx, principal, params.workflowId, params.stepNumber);
      await startManualStep(tx, engineActor(principal, req), step.id);
      return stepDocument(tx, principal.orgId, run.id, step.stepNumber);
    }),
);
