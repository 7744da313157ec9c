import { ActivationInProgress, activateConfig, findConfig } from "@/db/queries/configs";
import { findWorkflow } from "@/db/queries/workflows";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentConfig } from "@/lib/api/presenters-resources";
import { uniqueViolation } from "@/lib/workflows/provision";
import { configParams } from "../../schema";

/**
 * Makes this version the active one of its scope and deactivates the previous one, in one transaction.
 * Two activations of one scope at the same time: one wins, the other is a 409. Runs already started
 * keep the configuration they snapshotted.
 */
export const POST = withApi(
  { permission: "configs:write", params: configParams },
  async ({ principal, params, tenant, audit }) => {
    try {
      const result = await tenant(async (tx) => {
        const target = await findConfig(tx, principal.orgId, params.configId);
        if (!target) throw notFound("Configuration");
        if (target.workflowId) {
          const workflow = await findWorkflow(tx, principal.orgId, target.workflowId);
          if (!workflow || workflow.isDeleted)
            throw new ApiError("conflict", "The configuration's workflow is deleted");
        }
        const activated = await activateConfig(tx, principal.orgId, params.configId, principal.userId);
        if (!activated) throw notFound("Configuration");
        if (activated.changed) {
          await audit(tx, {
            action: "config.activate",
            resourceType: "workflow_config",
            resourceId: activated.config.id,
            details: {
              scope: activated.config.scope,
              workflow_id: activated.config.workflowId,
              channel: activated.config.channel,
              version: activated.config.version,
              previous_id: activated.previous?.id ?? null,
              previous_version: activated.previous?.version ?? null,
            },
          });
        }
        return activated;
      });
      return {
        ...presentConfig(result.config),
        deactivated: result.previous ? { id: result.previous.id, version: result.previous.version } : null,
      };
    } catch (error) {
      if (error instanceof ActivationInProgress) throw new ApiError("conflict", error.message);
      if (uniqueViolation(error) === "workflow_configs_one_active_key") {
        throw new ApiError(
          "conflict",
          "Another version of this scope was activated at the same time; reload and try again",
        );
      }
      throw error;
    }
  },
);
