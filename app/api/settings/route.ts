import { findOrganization, updateOrganizationSettings } from "@/db/queries/settings";
import { findWorkflow } from "@/db/queries/workflows";
import type { OrganizationSettings } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentSettings } from "@/lib/api/presenters-resources";
import { updateSettingsBody } from "./schema";

/** The organization's settings (admins only). */
export const GET = withApi({ permission: "settings:manage" }, async ({ principal, tenant }) => {
  const org = await tenant((tx) => findOrganization(tx, principal.orgId));
  if (!org) throw notFound("Organization");
  return presentSettings(org);
});

/** Changes retention, private webhooks and the e-mail intake workflow (a live workflow of the organization). */
export const PATCH = withApi(
  { permission: "settings:manage", body: updateSettingsBody },
  async ({ principal, body, tenant, audit }) => {
    const org = await tenant(async (tx) => {
      const current = await findOrganization(tx, principal.orgId, { forUpdate: true });
      if (!current) throw notFound("Organization");
      if (body.intake_workflow_id) {
        const workflow = await findWorkflow(tx, principal.orgId, body.intake_workflow_id);
        if (!workflow) throw notFound("Workflow");
        if (workflow.isDeleted) throw new ApiError("conflict", "The intake workflow must not be deleted");
      }
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      let settings: OrganizationSettings | undefined;
      if (body.retention_days !== undefined && body.retention_days !== current.retentionDays) {
        diff.retention_days = { from: current.retentionDays, to: body.retention_days };
      }
      const allowPrivate = current.settings.allowPrivateWebhooks === true;
      if (body.allow_private_webhooks !== undefined && body.allow_private_webhooks !== allowPrivate) {
        settings = { ...current.settings, allowPrivateWebhooks: body.allow_private_webhooks };
        diff.allow_private_webhooks = { from: allowPrivate, to: body.allow_private_webhooks };
      }
      if (body.intake_workflow_id !== undefined && body.intake_workflow_id !== current.intakeWorkflowId) {
        diff.intake_workflow_id = { from: current.intakeWorkflowId, to: body.intake_workflow_id };
      }
      if (Object.keys(diff).length === 0) return current;
      const updated = await updateOrganizationSettings(tx, current, {
        retentionDays: diff.retention_days ? body.retention_days : undefined,
        intakeWorkflowId: diff.intake_workflow_id ? body.intake_workflow_id : undefined,
        settings,
      });
      await audit(tx, {
        action: "settings.update",
        resourceType: "organization",
        resourceId: principal.orgId,
        details: { changes: diff },
      });
      return updated;
    });
    return presentSettings(org);
  },
);
