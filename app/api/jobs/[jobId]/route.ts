import { findJob, updateJob } from "@/db/queries/jobs";
import { softDeleteJobDescription } from "@/db/queries/soft-delete";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentJob } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { jobDetailQuery, jobParams, updateJobBody } from "../schema";

/** One job description by `JD-…` or uuid. Deleted ones are 404 unless an admin asks with include_deleted. */
export const GET = withApi(
  { permission: "jobs:read", params: jobParams, query: jobDetailQuery },
  async ({ principal, params, query, tenant }) => {
    const job = await tenant((tx) => findJob(tx, principal.orgId, params.jobId));
    const showDeleted = query.include_deleted === true && principal.role === "admin";
    if (!job || (job.isDeleted && !showDeleted)) throw notFound("Job description");
    return presentJob(job);
  },
);

/** Edits a live job description. A new title or description clears the parsed requirements. */
export const PATCH = withApi(
  { permission: "jobs:write", params: jobParams, body: updateJobBody },
  async ({ principal, params, body, tenant, audit }) => {
    const job = await tenant(async (tx) => {
      const current = await findJob(tx, principal.orgId, params.jobId, { forUpdate: true });
      if (!current) throw notFound("Job description");
      if (current.isDeleted) throw new ApiError("conflict", "Job description is deleted; restore it first");
      const updated = await updateJob(tx, current, {
        title: body.title,
        description: body.description,
        department: body.department,
        location: body.location,
        employmentType: body.employment_type,
      });
      await audit(tx, {
        action: "job_description.update",
        resourceType: "job_description",
        resourceId: current.publicId,
        details: {
          id: current.id,
          fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
        },
      });
      return updated;
    });
    return presentJob(job);
  },
);

/** Soft delete; repeating it changes nothing. Runs that used the job keep their copy of its title. */
export const DELETE = withApi(
  { permission: "jobs:write", params: jobParams },
  async ({ principal, params, tenant, req }) => {
    const job = await tenant(async (tx) => {
      const found = await findJob(tx, principal.orgId, params.jobId);
      if (!found) throw notFound("Job description");
      const result = await softDeleteJobDescription(tx, {
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
