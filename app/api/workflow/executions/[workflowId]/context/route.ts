import { withApi } from "@/lib/api/handler";
import { engineActor, visibleRun } from "@/lib/api/runs";
import { setContext } from "@/lib/engine/external";
import { CONTEXT_BODY_LIMIT, contextPatchBody, runParams } from "./schema";

/** The run's whole context (seed 002 get_workflow_context without a key). */
export const GET = withApi(
  { permission: "runs:read_own", params: runParams },
  async ({ principal, params, tenant }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      return { workflow_id: run.publicId, context: run.context };
    }),
);

/**
 * Merges keys into the context (seed 002 set_workflow_context). 409 once the
 * run has ended; 422 when the context would exceed 256 KB.
 */
export const PATCH = withApi(
  { permission: "runs:report", params: runParams, body: contextPatchBody, bodyLimit: CONTEXT_BODY_LIMIT },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const context = await setContext(tx, engineActor(principal, req), run, body.values);
      return { workflow_id: run.publicId, context };
    }),
);
