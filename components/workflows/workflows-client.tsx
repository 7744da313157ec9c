"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { api, errorMessage, qs } from "@/components/admin/api";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { FilterToggle, SearchBox, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { Button, ButtonLink } from "@/components/ui/button";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { WORKFLOW_PAGE_SIZE, type WorkflowCascade, type WorkflowListPage, workflowKeys } from "./queries";
import { PageHeader } from "@/components/ui/page-header";

export function WorkflowsClient({ canWrite, canSeeDeleted }: { canWrite: boolean; canSeeDeleted: boolean }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const q = url.get("q");
  const deleted = canSeeDeleted && url.get("deleted") === "1";

  const list = useInfiniteQuery({
    queryKey: workflowKeys.list({ q, deleted }),
    queryFn: ({ pageParam, signal }) =>
      api<WorkflowListPage>(
        `/api/workflows${qs({ q, include_deleted: deleted || undefined, skip: pageParam || undefined, limit: WORKFLOW_PAGE_SIZE })}`,
        { signal },
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((n, p) => n + p.workflows.length, 0);
      return shown < last.total ? shown : undefined;
    },
  });

  const restore = useMutation({
    mutationFn: (id: string) => api<WorkflowCascade>(`/api/workflows/${id}/restore`, { method: "POST" }),
    onSuccess: (w) => {
      notify(
        `Restored “${w.name}”`,
        "success",
        `${w.interview_ids.length} interview${w.interview_ids.length === 1 ? "" : "s"} and ${w.todo_ids.length} todo${w.todo_ids.length === 1 ? "" : "s"} came back with it.`,
      );
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["interviews"] });
      void queryClient.invalidateQueries({ queryKey: ["todos"] });
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const workflows = list.data?.pages.flatMap((p) => p.workflows) ?? [];
  const total = list.data?.pages[0]?.total ?? null;

  return (
    <>
      <PageHeader
        title="Workflows"
        description="Workflow definitions: ordered nodes with approvals, delays, retries and timeouts, the data bound between them, their configuration and channels."
        actions={
          canWrite ? (
            <ButtonLink href="/workflows/new" variant="primary">
              New workflow
            </ButtonLink>
          ) : null
        }
      />
      <Toolbar label="Filter workflows">
        <SearchBox
          label="Search workflows"
          placeholder="Workflow name…"
          value={q}
          onChange={(v) => url.set({ q: v })}
        />
        {canSeeDeleted ? (
          <FilterToggle
            label="Show deleted"
            checked={deleted}
            onChange={(on) => url.set({ deleted: on ? "1" : null })}
          />
        ) : null}
      </Toolbar>
      {list.isError ? (
        <ListError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading workflows…</p>
      ) : workflows.length === 0 ? (
        <EmptyState title={q ? `No workflows match “${q}”` : "No workflows yet"}>
          {canWrite && !q ? "Create one to define the steps a run goes through." : null}
        </EmptyState>
      ) : (
        <>
          <TableCard caption="Workflows">
            <thead>
              <tr>
                <Th>Workflow</Th>
                <Th>Version</Th>
                <Th className="hidden sm:table-cell">Nodes</Th>
                <Th className="hidden md:table-cell">Status</Th>
                <Th className="hidden lg:table-cell">Updated</Th>
                {canWrite && deleted ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <Tbody>
              {workflows.map((w) => (
                <tr key={w.id} className={w.is_deleted ? "bg-slate-50/70 dark:bg-slate-950/40" : undefined}>
                  <Td className="max-w-xl">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link
                        href={`/workflows/${w.id}`}
                        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {w.name}
                      </Link>
                      {w.builtin_key ? <Badge tone="violet">Built-in</Badge> : null}
                      {w.is_deleted ? <Badge tone="red">Deleted</Badge> : null}
                    </div>
                    {w.description ? (
                      <p className="mt-0.5 line-clamp-2 text-xs text-slate-600 dark:text-slate-400">
                        {w.description}
                      </p>
                    ) : null}
                  </Td>
                  <Td>
                    <span className="font-mono text-xs">v{w.version}</span>
                  </Td>
                  <Td className="hidden sm:table-cell">{w.node_count ?? "—"}</Td>
                  <Td className="hidden md:table-cell">
                    <Badge tone={w.status === "active" ? "green" : w.status === "draft" ? "amber" : "slate"}>
                      {w.status}
                    </Badge>
                  </Td>
                  <Td className="hidden text-slate-600 lg:table-cell dark:text-slate-400">
                    <RelativeTime iso={w.updated_at} />
                  </Td>
                  {canWrite && deleted ? (
                    <Td className="text-right">
                      {w.is_deleted ? (
                        <Button
                          size="sm"
                          onClick={() => restore.mutate(w.id)}
                          pending={restore.isPending && restore.variables === w.id}
                          aria-label={`Restore ${w.name}`}
                        >
                          Restore
                        </Button>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              ))}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={workflows.length}
            total={total}
            noun="workflows"
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
