import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { approvalInbox } from "@/lib/api/runs";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";
import { APPROVALS_LIMIT, approvalsQueryKey } from "@/lib/ui/approvals";
import { ApprovalsClient } from "./client";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const user = await requireUser("runs:approve");
  const queryClient = makeQueryClient();
  // the same inbox GET /api/approvals answers
  await queryClient.prefetchQuery({
    queryKey: approvalsQueryKey,
    queryFn: () => withTenant(getDb().db, user.orgId, (tx) => approvalInbox(tx, user, APPROVALS_LIMIT)),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ApprovalsClient />
    </HydrationBoundary>
  );
}
