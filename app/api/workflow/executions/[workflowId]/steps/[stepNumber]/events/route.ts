import { withApi } from "@/lib/api/handler";
import { engineActor, visibleRun } from "@/lib/api/runs";
import { appendStepEvent } from "@/lib/engine/external";
import { stepParams } from "../../../../schema";
import { EVENT_BODY_LIMIT, eventBody } from "./schema";

/** Appends a timestamped event to the step's timeline. 409 once the run has ended. */
export const POST = withApi(
  { permission: "runs:report", params: stepParams, body: eventBody, bodyLimit: EVENT_BODY_LIMIT },
  async ({ principal, params, body, tenant, req }) => {
    const appended = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const { event, count } = await appendStepEvent(
        tx,
        engineActor(principal, req),
        run,
        params.stepNumber,
        body,
      );
      return { workflow_id: run.publicId, step_number: params.stepNumber, event, reported_events: count };
    });
    return Response.json(appended, { status: 201 });
  },
);
