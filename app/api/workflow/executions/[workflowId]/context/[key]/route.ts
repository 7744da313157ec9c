import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { engineActor, visibleRun } from "@/lib/api/runs";
import { deleteContextKey, setContext } from "@/lib/engine/external";
import { CONTEXT_BODY_LIMIT, contextKeyParams, contextValueBody } from "../schema";

/** One context value (seed 002 get_workflow_context with a key); 404 when the key is not set. */
export const GET = withApi(
  { permission: "runs:read_own", params: contextKeyParams },
  async ({ principal, params, tenant }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      if (!Object.hasOwn(run.context, params.key)) throw new ApiError("not_found", "Context key not found");
      return { workflow_id: run.publicId, key: params.key, value: run.context[params.key] };
    }),
);

/** Sets one key (creating or replacing it). 409 once the run has ended. */
export const PUT = withApi(
  {
    permission: "runs:report",
    params: contextKeyParams,
    body: contextValueBody,
    bodyLimit: CONTEXT_BODY_LIMIT,
  },
  async ({ principal, params, body, tenant, req }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const context = await setContext(tx, engineActor(principal, req), run, { [params.key]: body.value });
      return { workflow_id: run.publicId, key: params.key, value: context[params.key] };
    }),
);

/** Removes one key: 204, or 404 when it is not set. 409 once the run has ended. */
export const DELETE = withApi(
  { permission: "runs:report", params: contextKeyParams },
  async ({ principal, params, tenant, req }) => {
    await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const deleted = await deleteContextKey(tx, engineActor(principal, req), run, params.key);
      if (!deleted) throw new ApiError("not_found", "Context key not found");
    });
    return new Response(null, { status: 204 });
  },
);
