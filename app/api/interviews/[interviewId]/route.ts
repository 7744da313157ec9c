import { findInterview, type InterviewValues, updateInterview } from "@/db/queries/around";
import { softDeleteInterview } from "@/db/queries/soft-delete";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentInterview } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { assertActiveUser, assertLiveResume, resolveLinks } from "../links";
import { interviewDetailQuery, interviewParams, updateInterviewBody } from "../schema";

export const GET = withApi(
  { permission: "interviews:read", params: interviewParams, query: interviewDetailQuery },
  async ({ principal, params, query, tenant }) => {
    const interview = await tenant((tx) => findInterview(tx, principal.orgId, params.interviewId));
    const showDeleted = query.include_deleted === true && principal.role === "admin";
    if (!interview || (interview.isDeleted && !showDeleted)) throw notFound("Interview");
    return presentInterview(interview);
  },
);

/** Changes a live interview; null clears a field or a link. */
export const PATCH = withApi(
  { permission: "interviews:write", params: interviewParams, body: updateInterviewBody },
  async ({ principal, params, body, tenant, audit }) => {
    const interview = await tenant(async (tx) => {
      const current = await findInterview(tx, principal.orgId, params.interviewId, { forUpdate: true });
      if (!current) throw notFound("Interview");
      if (current.isDeleted) throw new ApiError("conflict", "Interview is deleted; restore it first");
      const links = await resolveLinks(tx, principal, body);
      if (body.resume_id) await assertLiveResume(tx, principal.orgId, body.resume_id);
      if (body.interviewer_id)
        await assertActiveUser(tx, principal.orgId, body.interviewer_id, "Interviewer");
      const values: InterviewValues = {
        title: body.title,
        ...links,
        resumeId: body.resume_id,
        candidateName: body.candidate_name,
        interviewerId: body.interviewer_id,
        scheduledAt: body.scheduled_at,
        durationMinutes: body.duration_minutes,
        location: body.location,
        status: body.status,
        notes: body.notes,
      };
      const updated = await updateInterview(tx, principal.orgId, current.id, values);
      await audit(tx, {
        action: "interview.update",
        resourceType: "interview",
        resourceId: current.id,
        details: { fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) },
      });
      return updated;
    });
    return presentInterview(interview);
  },
);

/** Soft delete (on its own; restoring its workflow will not bring it back). Repeating it changes nothing. */
export const DELETE = withApi(
  { permission: "interviews:write", params: interviewParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant((tx) =>
      softDeleteInterview(tx, {
        orgId: principal.orgId,
        interviewId: params.interviewId,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      }),
    );
    if (!result) throw notFound("Interview");
    return presentInterview(result.interview);
  },
);
