import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { ChannelsClient } from "@/components/workflows/channels-client";
import { DeletedGate } from "@/components/workflows/deleted-gate";
import { detailPath, workflowKeys } from "@/components/workflows/queries";
import { getDb } from "@/db/client";
import { findWorkflow, workflowChannelsOf } from "@/db/queries/workflows";
import { withTenant } from "@/db/tenant";
import { presentWorkflowChannel } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Workflow channels" };

export default async function WorkflowChannelsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const user = await requireUser("workflows:read");
  const { workflowId } = await params;
  const queryClient = makeQueryClient();
  const rows = await withTenant(getDb().db, user.orgId, async (tx) => {
    const workflow = await findWorkflow(tx, user.orgId, workflowId);
    if (!workflow || workflow.isDeleted) return null;
    return workflowChannelsOf(tx, user.orgId, workflow.id);
  });
  if (rows) {
    queryClient.setQueryData(workflowKeys.channels(workflowId), {
      workflow_id: workflowId,
      channels: rows.map(presentWorkflowChannel),
    });
  }
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <DeletedGate workflowId={workflowId} detailPath={detailPath(workflowId, user.role)}>
        <ChannelsClient workflowId={workflowId} canWrite={can(user.role, "workflows:write")} />
      </DeletedGate>
    </Hydrated>
  );
}
