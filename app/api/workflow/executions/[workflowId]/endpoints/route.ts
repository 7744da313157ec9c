import { withApi } from "@/lib/api/handler";
import { engineActor, visibleRun } from "@/lib/api/runs";
import { recordEndpoint } from "@/lib/engine/external";
import { runParams } from "../../schema";
import { ENDPOINT_BODY_LIMIT, endpointBody } from "./schema";

/**
 * Appends an entry to the run's endpoints_used, stamped with the time it was
 * recorded. 409 once the run has ended; 422 past 1000 entries.
 */
export const POST = withApi(
  { permission: "runs:report", params: runParams, body: endpointBody, bodyLimit: ENDPOINT_BODY_LIMIT },
  async ({ principal, params, body, tenant, req }) => {
    const recorded = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const { entry, index } = await recordEndpoint(tx, engineActor(principal, req), run, body);
      return { workflow_id: run.publicId, index, endpoint: entry };
    });
    return Response.json(recorded, { status: 201 });
  },
);
