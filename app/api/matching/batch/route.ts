import { and, desc, eq, inArray } from "drizzle-orm";
import { jobDescriptions, resumes, workflows } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { engineActor, resolveJobId } from "@/lib/api/runs";
import { startRun } from "@/lib/engine/runs";
import { AI_RESUME_MATCHING_KEY, ensureBuiltinWorkflows } from "@/lib/workflows/builtin";
import { batchBody, MAX_BATCH } from "./schema";

/**
 * Start AI Workflow (seed 001 POST /matching/batch): persists the run and
 * queues its first agent; the worker does the rest. 202 with the run's id.
 */
export const POST = withApi(
  { permission: "runs:start", body: batchBody, idempotent: true },
  async ({ principal, body, tenant, req }) => {
    const run = await tenant(async (tx) => {
      const jdId = await resolveJobId(tx, principal.orgId, body.jd_id);
      const [jd] = jdId
        ? await tx
            .select()
            .from(jobDescriptions)
            .where(and(eq(jobDescriptions.id, jdId), eq(jobDescriptions.isDeleted, false)))
        : [];
      if (!jd) throw new ApiError("not_found", "Job description not found");

      let resumeIds: string[];
      if (body.resume_ids) {
        const unique = [...new Set(body.resume_ids)];
        const found = await tx
          .select({ id: resumes.id })
          .from(resumes)
          .where(
            and(
              eq(resumes.orgId, principal.orgId),
              inArray(resumes.id, unique),
              eq(resumes.isDeleted, false),
            ),
          );
        const known = new Set(found.map((r) => r.id));
        const unknown = unique.filter((id) => !known.has(id));
        if (unknown.length) {
          // ids are looked up inside the tenant: unknown and foreign ones alike are "not found"
          throw new ApiError(
            "not_found",
            `${unknown.length} resume(s) not found`,
            unknown.map((id) => ({
              path: `body.resume_ids.${body.resume_ids?.indexOf(id)}`,
              message: `resume ${id} not found`,
            })),
          );
        }
        resumeIds = unique;
      } else {
        const all = await tx
          .select({ id: resumes.id })
          .from(resumes)
          .where(and(eq(resumes.orgId, principal.orgId), eq(resumes.isDeleted, false)))
          .orderBy(desc(resumes.createdAt))
          .limit(MAX_BATCH);
        resumeIds = all.map((r) => r.id);
      }
      if (!resumeIds.length)
        throw new ApiError("unprocessable", "There are no resumes to match; upload some first");

      let [workflow] = await tx
        .select({ id: workflows.id })
        .from(workflows)
        .where(
          and(
            eq(workflows.orgId, principal.orgId),
            eq(workflows.builtinKey, AI_RESUME_MATCHING_KEY),
            eq(workflows.isDeleted, false),
          ),
        );
      if (!workflow) {
        const ids = await ensureBuiltinWorkflows(tx, principal.orgId, principal.userId);
        workflow = { id: ids[AI_RESUME_MATCHING_KEY] };
      }
      return startRun(tx, engineActor(principal, req), {
        workflowId: workflow.id,
        channel: principal.kind === "token" ? "api" : "web",
        jdId: jd.id,
        jdTitle: jd.title,
        resumeIds,
        forceReprocess: body.force_reprocess,
        inputs: { jd_id: jd.id, resume_ids: resumeIds, force_reprocess: body.force_reprocess },
      });
    });
    return Response.json(
      {
        success: true,
        message: `Workflow started for ${run.totalResumes} resumes`,
        data: {
          workflow_id: run.publicId,
          jd_id: body.jd_id,
          total_resumes: run.totalResumes,
          status: run.status,
        },
      },
      { status: 202 },
    );
  },
);
