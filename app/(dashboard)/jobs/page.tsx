import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { makeQueryClient } from "@/lib/query-client";
import { first, type SearchParams } from "@/components/admin/search-params";
import { JobsClient } from "@/components/jobs/jobs-client";
import { JOB_PAGE_SIZE, type JobPage, jobsKey } from "@/components/jobs/queries";
import { getDb } from "@/db/client";
import { listJobs } from "@/db/queries/jobs";
import { withTenant } from "@/db/tenant";
import { presentJob } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("jobs:read");
  const sp = await searchParams;
  // the API lists deleted job descriptions to admins only
  const canSeeDeleted = user.role === "admin";
  const filters = { q: first(sp.q), deleted: canSeeDeleted && first(sp.deleted) === "1" };
  const queryClient = makeQueryClient();
  await queryClient.prefetchInfiniteQuery({
    queryKey: jobsKey(filters),
    initialPageParam: null as string | null,
    queryFn: async (): Promise<JobPage> => {
      const page = await withTenant(getDb().db, user.orgId, (tx) =>
        listJobs(
          tx,
          { orgId: user.orgId, q: filters.q || undefined, includeDeleted: filters.deleted },
          { limit: JOB_PAGE_SIZE },
        ),
      );
      return { jobs: page.rows.map(presentJob), total: page.total, next_cursor: page.nextCursor };
    },
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <JobsClient canWrite={can(user.role, "jobs:write")} canSeeDeleted={canSeeDeleted} />
    </Hydrated>
  );
}
