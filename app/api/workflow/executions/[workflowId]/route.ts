import { withApi } from "@/lib/api/handler";
import { runDocument, visibleRun } from "@/lib/api/runs";
import { runParams } from "../schema";

/**
 * One run as the seed-001 document, with its steps and ranked matches. Visible
 * to its owner, to roles that read the organization's runs, and to the
 * approvers listed on one of its steps.
 */
export const GET = withApi(
  { permission: "runs:read_own", params: runParams },
  async ({ principal, params, tenant }) =>
    tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId, { approver: true });
      return runDocument(tx, principal.orgId, run.id);
    }),
);
