import { useQuery } from "@tanstack/react-query";
import type { presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { api, qs } from "./api";

export type WorkflowOption = ReturnType<typeof presentWorkflowSummary>;
export type WorkflowOptionsPage = { workflows: WorkflowOption[]; total: number };

/** Under the "workflows" prefix, so deleting or restoring a workflow refreshes every picker. */
export const workflowOptionsKey = (includeDeleted: boolean) =>
  ["workflows", "options", includeDeleted] as const;
export const workflowOptionsPath = (includeDeleted: boolean) =>
  `/api/workflows${qs({ include_deleted: includeDeleted || undefined, limit: 100 })}`;

/** Workflows for filters and pickers (and for naming a row's workflow); deleted ones for admins. */
export function useWorkflowOptions(includeDeleted: boolean) {
  return useQuery({
    queryKey: workflowOptionsKey(includeDeleted),
    queryFn: ({ signal }) => api<WorkflowOptionsPage>(workflowOptionsPath(includeDeleted), { signal }),
    staleTime: 60_000,
  });
}
