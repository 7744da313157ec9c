import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import type { Tx } from "@/db/client";
import { listWorkflowPage } from "@/db/queries/workflows";
import { presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { type WorkflowOptionsPage, workflowOptionsKey } from "./workflow-options";

/** Prefetches the workflow picker's list in a page's tenant transaction. */
export async function prefetchWorkflowOptions(
  tx: Tx,
  queryClient: QueryClient,
  orgId: string,
  includeDeleted: boolean,
): Promise<void> {
  const page = await listWorkflowPage(tx, { orgId, includeDeleted }, { limit: 100, skip: 0 });
  const data: WorkflowOptionsPage = { workflows: page.rows.map(presentWorkflowSummary), total: page.total };
  queryClient.setQueryData(workflowOptionsKey(includeDeleted), data);
}
