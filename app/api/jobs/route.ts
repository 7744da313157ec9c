import { insertJob, listJobs } from "@/db/queries/jobs";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentJob } from "@/lib/api/presenters-resources";
import { createJobBody, listJobsQuery } from "./schema";

/** Job descriptions of the organization, newest first; `q` searches title, JD id, department, location, text. */
export const GET = withApi(
  { permission: "jobs:read", query: listJobsQuery },
  async ({ principal, query, tenant }) => {
    if (query.include_deleted && principal.role !== "admin") {
      throw new ApiError("forbidden", "Only admins may list deleted job descriptions");
    }
    const page = await tenant((tx) =>
      listJobs(
        tx,
        { orgId: principal.orgId, q: query.q, includeDeleted: query.include_deleted },
        { limit: query.limit, skip: query.skip, cursor: query.cursor },
      ),
    );
    return { jobs: page.rows.map(presentJob), total: page.total, next_cursor: page.nextCursor };
  },
);

/** Creates a job description; its public id `JD-…` comes from a sequence. */
export const POST = withApi(
  { permission: "jobs:write", body: createJobBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    const job = await tenant(async (tx) => {
      const created = await insertJob(tx, principal.orgId, principal.userId, {
        title: body.title,
        description: body.description,
        department: body.department ?? null,
        location: body.location ?? null,
        employmentType: body.employment_type ?? null,
      });
      await audit(tx, {
        action: "job_description.create",
        resourceType: "job_description",
        resourceId: created.publicId,
        details: { id: created.id, title: created.title },
      });
      return created;
    });
    return Response.json(presentJob(job), { status: 201 });
  },
);
