import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, visibleRun } from "@/lib/api/runs";
import { rerunRun } from "@/lib/engine/runs";
import { runParams } from "../../schema";

/** Starts a new run with the same workflow, channel and inputs (201, the new run; rerun_of names the old one). */
export const POST = withApi(
  { permission: "runs:operate", params: runParams, idempotent: true },
  async ({ principal, params, tenant, req }) => {
    const doc = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const fresh = await rerunRun(tx, engineActor(principal, req), run.id);
      return runDocument(tx, principal.orgId, fresh.id);
    });
    return Response.json(doc, { status: 201 });
  },
);
