import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { cancelRun } from "@/lib/engine/runs";
import { runParams } from "../../schema";
import { cancelBody } from "./schema";

/** Cancels a run: open steps are cancelled, running handlers aborted. 409 when the run has already ended. */
export const POST = withApi(
  { permission: "runs:operate", params: runParams, body: cancelBody },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      await cancelRun(tx, engineActor(principal, req), run.id, body.reason);
      return runDocument(tx, principal.orgId, run.id);
    }),
);
