import { withApi } from "@/lib/api/handler";
import { engineActor, runDocument, runHistory } from "@/lib/api/runs";
import { startRunWithSteps } from "@/lib/engine/runs";
import { runListQuery, startExecutionBody } from "./schema";

/**
 * Run history (seed 001 GET /workflow/executions): the caller's own runs unless scope=org, paged by
 * keyset cursor in every sort (or the seed's bounded `skip`); see runHistory.
 */
export const GET = withApi(
  { permission: "runs:read_own", query: runListQuery },
  async ({ principal, query, tenant }) => tenant((tx) => runHistory(tx, principal, query)),
);

/** Starts an execution of any workflow on any channel (seed 002 start_workflow_execution). 201, the run document. */
export const POST = withApi(
  { permission: "runs:report", body: startExecutionBody, idempotent: true },
  async ({ principal, body, tenant, req }) => {
    const doc = await tenant(async (tx) => {
      const created = await startRunWithSteps(tx, engineActor(principal, req), {
        workflowId: body.workflow_id,
        channel: body.channel,
        externalId: body.external_id,
        title: body.title,
        inputs: body.inputs,
        context: body.context,
        deadlineSeconds: body.deadline_seconds,
        source: "external",
      });
      // the run (and its steps, unless a gate changed one after the insert) as the start left them
      return runDocument(tx, principal.orgId, created.run.id, created);
    });
    return Response.json(doc, { status: 201 });
  },
);
