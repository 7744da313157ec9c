"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/admin/api";
import { type WorkflowDetail, workflowKeys } from "./queries";

/** Versions, configuration and channels of a deleted workflow are unavailable until it is restored. */
export function DeletedGate({
  workflowId,
  detailPath,
  children,
}: {
  workflowId: string;
  detailPath: string;
  children: React.ReactNode;
}) {
  // the detail the layout hydrated and the header keeps fresh (same key, so no extra request)
  const detail = useQuery({
    queryKey: workflowKeys.detail(workflowId),
    queryFn: ({ signal }) => api<WorkflowDetail>(detailPath, { signal }),
  });
  if (detail.data?.is_deleted) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        Restore the workflow to see and change this.
      </p>
    );
  }
  return <>{children}</>;
}
