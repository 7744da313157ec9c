import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { finishRun } from "@/lib/engine/external";
import { runParams } from "../../schema";
import { completeRunBody } from "./schema";

/**
 * Seed 002 complete_workflow_execution: an executor ends its run as completed
 * (steps never reached are skipped; 409 while a step is still in progress) or
 * failed (open steps are cancelled), merging results and metrics.
 */
export const POST = withApi(
  { permission: "runs:report", params: runParams, body: completeRunBody },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      await finishRun(tx, engineActor(principal, req), run.id, {
        status: body.status,
        error: body.error,
        errorDetails: body.error_details,
        results: body.results,
        metrics: body.metrics,
      });
      return runDocument(tx, principal.orgId, run.id);
    }),
);
