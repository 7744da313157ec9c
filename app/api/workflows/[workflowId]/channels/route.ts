import { findWorkflow, workflowChannelsOf } from "@/db/queries/workflows";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentWorkflowChannel } from "@/lib/api/presenters-resources";
import { workflowParams } from "../../schema";

/** The workflow's channel settings by priority (webhook secrets are never listed). */
export const GET = withApi(
  { permission: "workflows:read", params: workflowParams },
  async ({ principal, params, tenant }) => {
    const rows = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      if (!workflow || workflow.isDeleted) throw notFound("Workflow");
      return workflowChannelsOf(tx, principal.orgId, workflow.id);
    });
    return { workflow_id: params.workflowId, channels: rows.map(presentWorkflowChannel) };
  },
);
