import { insertInterview, listInterviewPage } from "@/db/queries/around";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentInterview } from "@/lib/api/presenters-resources";
import { assertActiveUser, assertLiveResume, resolveLinks, runFilterId } from "./links";
import { createInterviewBody, listInterviewsQuery } from "./schema";

/** Interviews by scheduled time, optionally of one workflow or run, in some statuses or a time window. */
export const GET = withApi(
  { permission: "interviews:read", query: listInterviewsQuery },
  async ({ principal, query, tenant }) => {
    if (query.include_deleted && principal.role !== "admin") {
      throw new ApiError("forbidden", "Only admins may list deleted interviews");
    }
    const page = await tenant(async (tx) =>
      listInterviewPage(
        tx,
        {
          orgId: principal.orgId,
          includeDeleted: query.include_deleted,
          workflowId: query.workflow_id,
          runId: await runFilterId(tx, principal.orgId, query.run_id),
          status: query.status,
          from: query.from,
          to: query.to,
        },
        { limit: query.limit, skip: query.skip },
      ),
    );
    return { interviews: page.rows.map(presentInterview), total: page.total };
  },
);

/** Schedules an interview, optionally linked to a (live) workflow, a run and a resume. */
export const POST = withApi(
  { permission: "interviews:write", body: createInterviewBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    const interview = await tenant(async (tx) => {
      const links = await resolveLinks(tx, principal, body);
      if (body.resume_id) await assertLiveResume(tx, principal.orgId, body.resume_id);
      if (body.interviewer_id)
        await assertActiveUser(tx, principal.orgId, body.interviewer_id, "Interviewer");
      const created = await insertInterview(tx, principal.orgId, principal.userId, {
        title: body.title,
        workflowId: links.workflowId ?? null,
        runId: links.runId ?? null,
        resumeId: body.resume_id ?? null,
        candidateName: body.candidate_name ?? null,
        interviewerId: body.interviewer_id ?? null,
        scheduledAt: body.scheduled_at ?? null,
        durationMinutes: body.duration_minutes,
        location: body.location ?? null,
        status: body.status,
        notes: body.notes ?? null,
      });
      await audit(tx, {
        action: "interview.create",
        resourceType: "interview",
        resourceId: created.id,
        details: { title: created.title, workflow_id: created.workflowId, run_id: created.runId },
      });
      return created;
    });
    return Response.json(presentInterview(interview), { status: 201 });
  },
);
