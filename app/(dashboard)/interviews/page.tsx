import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { prefetchOrgUsers } from "@/components/admin/users-server";
import { prefetchWorkflowOptions } from "@/components/admin/workflow-options-server";
import { InterviewsClient } from "@/components/interviews/interviews-client";
import { INTERVIEW_PAGE_SIZE, type InterviewPage, interviewsKey } from "@/components/interviews/queries";
import { getDb } from "@/db/client";
import { listInterviewPage } from "@/db/queries/around";
import { isUuid } from "@/db/queries/paging";
import { interviewStatuses } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentInterview } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Interviews" };

type Status = (typeof interviewStatuses)[number];

export default async function InterviewsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("interviews:read");
  const sp = await searchParams;
  const isAdmin = user.role === "admin"; // the API lists deleted interviews to admins only
  const filters = {
    workflow: first(sp.workflow),
    status: first(sp.status),
    deleted: isAdmin && first(sp.deleted) === "1",
  };
  const queryClient = makeQueryClient();
  // a filter the API would refuse is left to the client, which shows the API's error
  const valid =
    (!filters.workflow || isUuid(filters.workflow)) &&
    (!filters.status || (interviewStatuses as readonly string[]).includes(filters.status));
  await withTenant(getDb().db, user.orgId, async (tx) => {
    await prefetchWorkflowOptions(tx, queryClient, user.orgId, isAdmin);
    if (isAdmin) await prefetchOrgUsers(tx, queryClient, user.orgId);
    if (!valid) return;
    const page = await listInterviewPage(
      tx,
      {
        orgId: user.orgId,
        includeDeleted: filters.deleted,
        workflowId: filters.workflow || undefined,
        status: filters.status ? [filters.status as Status] : undefined,
      },
      { limit: INTERVIEW_PAGE_SIZE, skip: 0 },
    );
    const data: InterviewPage = { interviews: page.rows.map(presentInterview), total: page.total };
    queryClient.setQueryData(interviewsKey(filters), { pages: [data], pageParams: [0] });
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <InterviewsClient canWrite={can(user.role, "interviews:write")} isAdmin={isAdmin} />
    </Hydrated>
  );
}
