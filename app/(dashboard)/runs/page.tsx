import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { runHistory } from "@/lib/api/runs";
import { runListQuery } from "@/lib/api/schemas";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";
import { parseRunView, type RunScope, runViewToApiSearch } from "@/lib/ui/run-filters";
import { type RunListPage, runsQueryKey } from "@/lib/ui/runs";
import { RunsClient } from "./client";

export const metadata: Metadata = { title: "Runs" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RunsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("runs:read_own");
  const canOrg = can(user.role, "runs:read_org");
  const defaultScope: RunScope = canOrg ? "org" : "mine";
  const view = parseRunView(await searchParams);
  if (!canOrg) delete view.scope;
  const apiSearch = runViewToApiSearch(view, { defaultScope });

  // The read model of GET /api/workflow/executions (runHistory): the client's first fetch is a cache hit.
  const queryClient = makeQueryClient();
  const query = runListQuery.safeParse(Object.fromEntries(new URLSearchParams(apiSearch)));
  if (query.success) {
    const q = query.data;
    await queryClient.prefetchQuery({
      queryKey: runsQueryKey(apiSearch),
      queryFn: (): Promise<RunListPage> =>
        withTenant(getDb().db, user.orgId, (tx) => runHistory(tx, user, q)),
    });
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunsClient
        viewer={{
          userId: user.userId,
          role: user.role,
          defaultScope,
          canOrg,
          canBulk: can(user.role, "runs:bulk"),
          canExport: can(user.role, "runs:export"),
          canImport: can(user.role, "runs:import"),
          canStart: can(user.role, "runs:start"),
        }}
      />
    </HydrationBoundary>
  );
}
