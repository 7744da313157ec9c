import { restoreWorkflow } from "@/db/queries/soft-delete";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { workflowParams } from "../../schema";

/**
 * Restores a deleted workflow and exactly the interviews and todos its deletion took with it (not those
 * deleted on their own before). Restoring a live workflow changes nothing.
 */
export const POST = withApi(
  { permission: "workflows:write", params: workflowParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant(async (tx) => {
      const restored = await restoreWorkflow(tx, {
        orgId: principal.orgId,
        workflowId: params.workflowId,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      });
      if (!restored) throw notFound("Workflow");
      return restored;
    });
    return {
      ...presentWorkflowSummary(result.workflow),
      interview_ids: result.interviewIds,
      todo_ids: result.todoIds,
    };
  },
);
