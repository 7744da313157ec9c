import { findWorkflow, findWorkflowVersion } from "@/db/queries/workflows";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentVersion } from "@/lib/api/presenters-resources";
import { versionParams } from "../../../schema";

/** One version's snapshot of the definition (nodes, bindings by order number, channels). */
export const GET = withApi(
  { permission: "workflows:read", params: versionParams },
  async ({ principal, params, tenant }) => {
    const version = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      if (!workflow || workflow.isDeleted) throw notFound("Workflow");
      return findWorkflowVersion(tx, principal.orgId, workflow.id, params.version);
    });
    if (!version) throw notFound("Workflow version");
    return presentVersion(version);
  },
);
