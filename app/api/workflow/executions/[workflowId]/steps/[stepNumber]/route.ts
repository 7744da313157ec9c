import { withApi } from "@/lib/api/handler";
import { stepDocument, visibleStep } from "@/lib/api/runs";
import { stepParams } from "../../../schema";

/** One step of a run, by its number: configuration copied from the node, status, timing, IO, events, screenshots. */
export const GET = withApi(
  { permission: "runs:read_own", params: stepParams },
  async ({ principal, params, tenant }) =>
    tenant(async (tx) => {
      const { run, step } = await visibleStep(tx, principal, params.workflowId, params.stepNumber, {
        approver: true,
      });
      return stepDocument(tx, principal.orgId, run.id, step.stepNumber);
    }),
);
