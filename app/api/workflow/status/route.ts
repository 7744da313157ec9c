import { and, desc, eq } from "drizzle-orm";
import { getRunDetail } from "@/db/queries/runs";
import { workflowRuns } from "@/db/schema";
import { withApi } from "@/lib/api/handler";
import { agentsOf } from "@/lib/api/presenters";

const AGENTS = ["resume-extractor", "jd-reader", "resume-reader", "hr-comparator"];

/**
 * Seed 001 GET /workflow/status: the dashboard's agent statuses and progress,
 * now from the caller's latest real run instead of collection counts.
 */
export const GET = withApi({ permission: "runs:read_own" }, async ({ principal, tenant }) =>
  tenant(async (tx) => {
    const [latest] = await tx
      .select({ id: workflowRuns.id })
      .from(workflowRuns)
      .where(and(eq(workflowRuns.orgId, principal.orgId), eq(workflowRuns.startedBy, principal.userId)))
      .orderBy(desc(workflowRuns.createdAt))
      .limit(1);
    const detail = latest ? await getRunDetail(tx, principal.orgId, latest.id) : null;
    if (!detail) {
      return {
        success: true,
        workflow_id: null,
        status: null,
        agents: AGENTS.map((agent_id) => ({ agent_id, status: "pending" })),
        progress: { completed_agents: 0, total_agents: AGENTS.length, percentage: 0 },
        metrics: null,
        results: null,
        jdId: null,
        jdTitle: null,
      };
    }
    const agents = agentsOf(detail.steps);
    const completed = agents.filter((a) => a.status === "completed").length;
    return {
      success: true,
      workflow_id: detail.run.publicId,
      status: detail.run.status,
      agents,
      progress: {
        completed_agents: completed,
        total_agents: agents.length,
        percentage: agents.length
          ? Math.round((completed / agents.length) * 100)
          : detail.run.progress.percentage,
      },
      metrics: detail.run.metrics,
      results: detail.run.results,
      jdId: detail.jdPublicId,
      jdTitle: detail.run.jdTitle,
    };
  }),
);
