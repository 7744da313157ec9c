import { withApi } from "@/lib/api/handler";
import { engineActor, stepDocument, visibleRun } from "@/lib/api/runs";
import { completeExternalStep } from "@/lib/engine/external";
import { stepParams } from "../../../../schema";
import { completeStepBody } from "./schema";

/**
 * Reports the outcome of a step the executor started. Completed: the next
 * step is released (or the run completes). Failed: retried while the node's
 * retries last (unless retryable is false), otherwise the run fails.
 */
export const POST = withApi(
  { permission: "runs:report", params: stepParams, body: completeStepBody },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      await completeExternalStep(
        tx,
        engineActor(principal, req),
        run,
        params.stepNumber,
        body.status === "completed"
          ? { status: "completed", output: body.output }
          : {
              status: "failed",
              error: body.error,
              errorDetails: body.error_details,
              retryable: body.retryable,
            },
      );
      return stepDocument(tx, principal.orgId, run.id, params.stepNumber);
    }),
);
