import { findWorkflow, workflowVersionsOf } from "@/db/queries/workflows";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentVersionSummary } from "@/lib/api/presenters-resources";
import { workflowParams } from "../../schema";

/** The versions of a workflow, newest first. */
export const GET = withApi(
  { permission: "workflows:read", params: workflowParams },
  async ({ principal, params, tenant }) => {
    const versions = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      if (!workflow || workflow.isDeleted) throw notFound("Workflow");
      return workflowVersionsOf(tx, principal.orgId, workflow.id);
    });
    return { workflow_id: params.workflowId, versions: versions.map(presentVersionSummary) };
  },
);
