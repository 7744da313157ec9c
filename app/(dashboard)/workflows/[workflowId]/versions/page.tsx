import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { prefetchOrgUsers } from "@/components/admin/users-server";
import { DeletedGate } from "@/components/workflows/deleted-gate";
import { detailPath, workflowKeys } from "@/components/workflows/queries";
import { VersionsClient } from "@/components/workflows/versions-client";
import { getDb } from "@/db/client";
import { findWorkflow, workflowVersionsOf } from "@/db/queries/workflows";
import { withTenant } from "@/db/tenant";
import { presentVersionSummary } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Workflow versions" };

export default async function WorkflowVersionsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const user = await requireUser("workflows:read");
  const { workflowId } = await params;
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: workflowKeys.versions(workflowId),
    queryFn: async () => {
      const versions = await withTenant(getDb().db, user.orgId, async (tx) => {
        const workflow = await findWorkflow(tx, user.orgId, workflowId);
        if (!workflow || workflow.isDeleted) throw new Error("workflow not available");
        if (can(user.role, "users:manage")) await prefetchOrgUsers(tx, queryClient, user.orgId);
        return workflowVersionsOf(tx, user.orgId, workflow.id);
      });
      return { workflow_id: workflowId, versions: versions.map(presentVersionSummary) };
    },
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <DeletedGate workflowId={workflowId} detailPath={detailPath(workflowId, user.role)}>
        <VersionsClient workflowId={workflowId} showNames={can(user.role, "users:manage")} />
      </DeletedGate>
    </Hydrated>
  );
}
