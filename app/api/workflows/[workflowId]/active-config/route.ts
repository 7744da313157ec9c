import { findWorkflow } from "@/db/queries/workflows";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { activeConfigs } from "@/lib/engine/runs";
import { activeConfigQuery, workflowParams } from "../../schema";

/**
 * Seed 002 get_active_workflow_config: the active global, channel and workflow configurations that
 * apply to this workflow on a channel, and their merge (workflow over channel over global) — what a
 * run started now would snapshot.
 */
export const GET = withApi(
  { permission: "workflows:read", params: workflowParams, query: activeConfigQuery },
  async ({ principal, params, query, tenant }) => {
    const configs = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      if (!workflow || workflow.isDeleted) throw notFound("Workflow");
      return activeConfigs(tx, principal.orgId, workflow.id, query.channel);
    });
    return {
      workflow_id: params.workflowId,
      channel: query.channel,
      configs,
      merged: { ...configs.global?.config, ...configs.channel?.config, ...configs.workflow?.config },
    };
  },
);
