import { createConfigVersion, listConfigs } from "@/db/queries/configs";
import { findWorkflow } from "@/db/queries/workflows";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentConfig } from "@/lib/api/presenters-resources";
import { createConfigBody, listConfigsQuery } from "./schema";

/** Configuration versions of the organization, newest first, filtered by scope, workflow, channel, active. */
export const GET = withApi(
  { permission: "workflows:read", query: listConfigsQuery },
  async ({ principal, query, tenant }) => {
    const page = await tenant((tx) =>
      listConfigs(
        tx,
        {
          orgId: principal.orgId,
          scope: query.scope,
          workflowId: query.workflow_id,
          channel: query.channel,
          active: query.active,
        },
        { limit: query.limit, skip: query.skip },
      ),
    );
    return { configs: page.rows.map(presentConfig), total: page.total };
  },
);

/** A new version of a scope's configuration (version = previous + 1), inactive until activated. */
export const POST = withApi(
  { permission: "configs:write", body: createConfigBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    const config = await tenant(async (tx) => {
      if (body.workflow_id) {
        const workflow = await findWorkflow(tx, principal.orgId, body.workflow_id);
        if (!workflow) throw notFound("Workflow");
        if (workflow.isDeleted) throw new ApiError("conflict", "Workflow is deleted; restore it first");
      }
      const created = await createConfigVersion(
        tx,
        principal.orgId,
        principal.userId,
        { scope: body.scope, workflowId: body.workflow_id ?? null, channel: body.channel ?? null },
        body.config,
      );
      await audit(tx, {
        action: "config.create",
        resourceType: "workflow_config",
        resourceId: created.id,
        details: {
          scope: created.scope,
          workflow_id: created.workflowId,
          channel: created.channel,
          version: created.version,
        },
      });
      return created;
    });
    return Response.json(presentConfig(config), { status: 201 });
  },
);
