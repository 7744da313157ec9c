import { findResume, softDeleteResume } from "@/db/queries/resumes";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentResume } from "@/lib/api/presenters-resources";
import { resumeDetailQuery, resumeParams } from "../schema";

/** One resume with its extracted text and parse (never the file bytes: see /file). */
export const GET = withApi(
  { permission: "resumes:read", params: resumeParams, query: resumeDetailQuery },
  async ({ principal, params, query, tenant }) => {
    const resume = await tenant((tx) => findResume(tx, principal.orgId, params.resumeId));
    const showDeleted = query.include_deleted === true && principal.role === "admin";
    if (!resume || (resume.isDeleted && !showDeleted)) throw notFound("Resume");
    return presentResume(resume);
  },
);

/** Soft delete; past runs keep their match results. Repeating it changes nothing. */
export const DELETE = withApi(
  { permission: "resumes:write", params: resumeParams },
  async ({ principal, params, tenant, audit }) => {
    const resume = await tenant(async (tx) => {
      const result = await softDeleteResume(tx, principal.orgId, params.resumeId);
      if (!result) throw notFound("Resume");
      if (result.changed) {
        await audit(tx, { action: "resume.delete", resourceType: "resume", resourceId: params.resumeId });
      }
      return findResume(tx, principal.orgId, params.resumeId);
    });
    if (!resume) throw notFound("Resume");
    return presentResume(resume);
  },
);
