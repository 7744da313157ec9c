import type { approvalInbox } from "@/lib/api/runs";

export type ApprovalInbox = Awaited<ReturnType<typeof approvalInbox>>;
export type ApprovalItem = ApprovalInbox["approvals"][number];

export const APPROVALS_LIMIT = 50;
export const approvalsQueryKey = ["approvals", `limit=${APPROVALS_LIMIT}`] as const;
export const approvalsPath = `/api/approvals?limit=${APPROVALS_LIMIT}`;
