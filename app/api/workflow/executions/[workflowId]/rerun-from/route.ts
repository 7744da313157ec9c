import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { rerunFromStep } from "@/lib/engine/runs";
import { runParams } from "../../schema";
import { rerunFromBody } from "./schema";

/**
 * Reruns an ended run from one of its steps: earlier steps keep their outputs,
 * that step and the later ones run again. 409 while the run is still open or
 * when an earlier step did not complete; 404 when the run has no such step.
 */
export const POST = withApi(
  { permission: "runs:operate", params: runParams, body: rerunFromBody },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      await rerunFromStep(tx, engineActor(principal, req), run.id, body.step_number);
      return runDocument(tx, principal.orgId, run.id);
    }),
);
