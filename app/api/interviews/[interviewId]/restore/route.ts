import { findInterview } from "@/db/queries/around";
import { restoreInterview } from "@/db/queries/soft-delete";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentInterview } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { assertWorkflowLive } from "../../links";
import { interviewParams } from "../../schema";

/** Restores a deleted interview; 409 while its workflow is deleted (restore the workflow instead). */
export const POST = withApi(
  { permission: "interviews:write", params: interviewParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant(async (tx) => {
      const current = await findInterview(tx, principal.orgId, params.interviewId);
      if (!current) throw notFound("Interview");
      if (current.isDeleted) await assertWorkflowLive(tx, principal.orgId, current.workflowId);
      return restoreInterview(tx, {
        orgId: principal.orgId,
        interviewId: params.interviewId,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      });
    });
    if (!result) throw notFound("Interview");
    return presentInterview(result.interview);
  },
);
