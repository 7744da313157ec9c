import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { rerunFromStep } from "@/lib/engine/runs";
import { runParams } from "../../schema";
import { rerunFromBody } from "./schema";

/**
 * Reruns an ended run from one of its steps as a new run (201, the new run; rerun_of names the
 * original, which is left as it was): earlier steps are carried over with their outputs, that step
 * and the later ones run again. 409 while the run is still open, when an earlier step did not
 * complete or a gate from that step on was decided; 404 when the run has no such step.
 */
export const POST = withApi(
  { permission: "runs:operate", params: runParams, body: rerunFromBody, idempotent: true },
  async ({ principal, params, body, tenant, req }) => {
    const doc = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const fresh = await rerunFromStep(tx, engineActor(principal, req), run.id, body.step_number);
      return runDocument(tx, principal.orgId, fresh.id);
    });
    return Response.json(doc, { status: 201 });
  },
);
