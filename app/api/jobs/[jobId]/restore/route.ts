import { findJob } from "@/db/queries/jobs";
import { restoreJobDescription } from "@/db/queries/soft-delete";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentJob } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { jobParams } from "../../schema";

/** Brings a soft-deleted job description back; restoring a live one changes nothing. */
export const POST = withApi(
  { permission: "jobs:write", params: jobParams },
  async ({ principal, params, tenant, req }) => {
    const job = await tenant(async (tx) => {
      const found = await findJob(tx, principal.orgId, params.jobId);
      if (!found) throw notFound("Job description");
      const result = await restoreJobDescription(tx, {
        orgId: principal.orgId,
        jobDescriptionId: found.id,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      });
      if (!result) throw notFound("Job description");
      return result.jobDescription;
    });
    return presentJob(job);
  },
);
