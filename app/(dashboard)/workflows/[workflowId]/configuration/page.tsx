import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { ConfigClient } from "@/components/workflows/config-client";
import { DeletedGate } from "@/components/workflows/deleted-gate";
import { detailPath, workflowKeys } from "@/components/workflows/queries";
import { getDb } from "@/db/client";
import { listConfigs } from "@/db/queries/configs";
import { findWorkflow } from "@/db/queries/workflows";
import { type Channel, channels } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentConfig } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { activeConfigs } from "@/lib/engine/runs";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Workflow configuration" };

export default async function WorkflowConfigurationPage({
  params,
  searchParams,
}: {
  params: Promise<{ workflowId: string }>;
  searchParams: SearchParams;
}) {
  const user = await requireUser("workflows:read");
  const { workflowId } = await params;
  const raw = first((await searchParams).channel);
  const channel: Channel = (channels as readonly string[]).includes(raw) ? (raw as Channel) : "web";
  const queryClient = makeQueryClient();
  const db = getDb().db;
  const data = await withTenant(db, user.orgId, async (tx) => {
    const workflow = await findWorkflow(tx, user.orgId, workflowId);
    if (!workflow || workflow.isDeleted) return null;
    const scope = (s: "global" | "channel" | "workflow") =>
      listConfigs(
        tx,
        {
          orgId: user.orgId,
          scope: s,
          workflowId: s === "workflow" ? workflow.id : undefined,
          channel: s === "channel" ? channel : undefined,
        },
        { limit: 20, skip: 0 },
      );
    const configs = await activeConfigs(tx, user.orgId, workflow.id, channel);
    return {
      active: {
        workflow_id: workflowId,
        channel,
        configs,
        merged: { ...configs.global?.config, ...configs.channel?.config, ...configs.workflow?.config },
      },
      workflow: await scope("workflow"),
      channel: await scope("channel"),
      global: await scope("global"),
    };
  });
  if (data) {
    const page = (p: { rows: Parameters<typeof presentConfig>[0][]; total: number }) => ({
      configs: p.rows.map(presentConfig),
      total: p.total,
    });
    queryClient.setQueryData(workflowKeys.activeConfig(workflowId, channel), data.active);
    queryClient.setQueryData(workflowKeys.configs("workflow", workflowId), page(data.workflow));
    queryClient.setQueryData(workflowKeys.configs("channel", channel), page(data.channel));
    queryClient.setQueryData(workflowKeys.configs("global", "-"), page(data.global));
  }
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <DeletedGate workflowId={workflowId} detailPath={detailPath(workflowId, user.role)}>
        <ConfigClient workflowId={workflowId} canWrite={can(user.role, "configs:write")} />
      </DeletedGate>
    </Hydrated>
  );
}
