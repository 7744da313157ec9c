import { withApi } from "@/lib/api/handler";
import { approvalInbox } from "@/lib/api/runs";
import { approvalsQuery } from "./schema";

/**
 * The caller's approvals inbox: steps waiting for their decision (listed as
 * an approver, or any manager/admin when a step lists nobody), oldest first,
 * with the run's id and title and the N-of-M progress. `total` counts them all.
 */
export const GET = withApi(
  { permission: "runs:approve", query: approvalsQuery },
  async ({ principal, query, tenant }) => tenant((tx) => approvalInbox(tx, principal, query.limit)),
);
