import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { finishRun } from "@/lib/engine/external";
import { runParams, statusUpdateBody } from "../../schema";

/**
 * Seed 001 PUT …/status: ends a run (completed, failed or cancelled) with an
 * optional error, results and metrics. Only lifecycle-legal changes: a run
 * that already ended, or one with steps still working, answers 409.
 */
export const PUT = withApi(
  { permission: "runs:operate", params: runParams, body: statusUpdateBody },
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
      return {
        success: true,
        message: "Workflow updated",
        data: await runDocument(tx, principal.orgId, run.id),
      };
    }),
);
