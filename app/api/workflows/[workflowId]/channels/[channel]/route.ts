import type { Tx } from "@/db/client";
import { findWorkflow, findWorkflowChannel, upsertWorkflowChannel } from "@/db/queries/workflows";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentWorkflowChannel } from "@/lib/api/presenters-resources";
import { generateWebhookSecret } from "@/lib/webhooks/sign";
import { channelParams, workflowChannelBody } from "../../../schema";
import { allowsPrivateWebhooks, checkWebhookTarget } from "../../../webhook-url";

/**
 * Sets a workflow's settings for one channel (created on first use). A webhook URL is checked against
 * the SSRF rules. A signing secret (`whsec_…`) is generated when a URL is first set or on
 * rotate_secret, and returned in this response only; removing the URL (null) removes the secret too.
 */
export const PUT = withApi(
  { permission: "workflows:write", params: channelParams, body: workflowChannelBody },
  async ({ principal, params, body, tenant, audit }) => {
    const orgId = principal.orgId;
    const liveWorkflow = async (tx: Tx) => {
      const workflow = await findWorkflow(tx, orgId, params.workflowId, { forUpdate: true });
      if (!workflow) throw notFound("Workflow");
      if (workflow.isDeleted) throw new ApiError("conflict", "Workflow is deleted; restore it first");
      return workflow;
    };
    let warning: string | null = null;
    if (typeof body.webhook_url === "string") {
      // resolve outside the write transaction: DNS may take a moment
      const allowPrivate = await tenant(async (tx) => {
        await liveWorkflow(tx);
        return allowsPrivateWebhooks(tx, orgId, params.channel);
      });
      ({ warning } = await checkWebhookTarget(body.webhook_url, allowPrivate));
    }
    const { row, issued } = await tenant(async (tx) => {
      const workflow = await liveWorkflow(tx);
      const current = await findWorkflowChannel(tx, orgId, workflow.id, params.channel);
      let url = current?.webhookUrl ?? null;
      let secret = current?.webhookSecret ?? null;
      if (body.webhook_url === null) {
        url = null;
        secret = null;
      } else if (body.webhook_url !== undefined) url = body.webhook_url;
      if (body.rotate_secret && !url) {
        throw new ApiError("validation_error", "Invalid body", [
          { path: "body.rotate_secret", message: "there is no webhook URL to sign for" },
        ]);
      }
      let issued: string | null = null;
      if (url && (!secret || body.rotate_secret)) {
        secret = generateWebhookSecret();
        issued = secret;
      }
      const row = await upsertWorkflowChannel(tx, orgId, workflow.id, params.channel, {
        enabled: body.enabled,
        priority: body.priority,
        webhookUrl: url,
        webhookSecret: secret,
      });
      await audit(tx, {
        action: "workflow_channel.update",
        resourceType: "workflow",
        resourceId: workflow.id,
        details: {
          channel: params.channel,
          enabled: body.enabled,
          priority: body.priority,
          webhook_url: url,
          webhook_url_changed: (current?.webhookUrl ?? null) !== url,
          secret_issued: issued !== null,
        },
      });
      return { row, issued };
    });
    return {
      ...presentWorkflowChannel(row),
      ...(issued ? { webhook_secret: issued } : {}),
      ...(warning ? { warnings: [warning] } : {}),
    };
  },
);
