import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { WORKFLOW_PAGE_SIZE, type WorkflowListPage, workflowKeys } from "@/components/workflows/queries";
import { WorkflowsClient } from "@/components/workflows/workflows-client";
import { getDb } from "@/db/client";
import { listWorkflowPage } from "@/db/queries/workflows";
import { withTenant } from "@/db/tenant";
import { presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("workflows:read");
  const sp = await searchParams;
  // the API lists deleted workflows to admins only
  const canSeeDeleted = user.role === "admin";
  const filters = { q: first(sp.q), deleted: canSeeDeleted && first(sp.deleted) === "1" };
  const queryClient = makeQueryClient();
  await queryClient.prefetchInfiniteQuery({
    queryKey: workflowKeys.list(filters),
    initialPageParam: 0,
    queryFn: async (): Promise<WorkflowListPage> => {
      const page = await withTenant(getDb().db, user.orgId, (tx) =>
        listWorkflowPage(
          tx,
          { orgId: user.orgId, q: filters.q || undefined, includeDeleted: filters.deleted },
          { limit: WORKFLOW_PAGE_SIZE, skip: 0 },
        ),
      );
      return { workflows: page.rows.map(presentWorkflowSummary), total: page.total };
    },
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <WorkflowsClient canWrite={can(user.role, "workflows:write")} canSeeDeleted={canSeeDeleted} />
    </Hydrated>
  );
}
