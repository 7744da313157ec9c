"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage, qs } from "@/components/admin/api";
import { humanize, Time } from "@/components/admin/format";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { interviewStatusTone } from "@/components/admin/status";
import { FilterSelect, FilterToggle, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { useOrgUsers, userLabel } from "@/components/admin/users";
import { useWorkflowOptions } from "@/components/admin/workflow-options";
import { RowActions } from "@/components/admin/row-actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { interviewStatuses } from "@/db/schema/enums";
import { InterviewForm, type InterviewInput } from "./interview-form";
import { INTERVIEW_PAGE_SIZE, type Interview, type InterviewPage, interviewsKey } from "./queries";

type Editing = { mode: "create" } | { mode: "edit"; interview: Interview } | null;

export function InterviewsClient({ canWrite, isAdmin }: { canWrite: boolean; isAdmin: boolean }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const workflow = url.get("workflow");
  const status = url.get("status");
  const deleted = isAdmin && url.get("deleted") === "1";
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Interview | null>(null);
  const workflows = useWorkflowOptions(isAdmin);
  const users = useOrgUsers(isAdmin);
  const workflowList = workflows.data?.workflows ?? [];
  const workflowById = new Map(workflowList.map((w) => [w.id, w]));

  const list = useInfiniteQuery({
    queryKey: interviewsKey({ workflow, status, deleted }),
    queryFn: ({ pageParam, signal }) =>
      api<InterviewPage>(
        `/api/interviews${qs({
          workflow_id: workflow,
          status,
          include_deleted: deleted || undefined,
          skip: pageParam || undefined,
          limit: INTERVIEW_PAGE_SIZE,
        })}`,
        { signal },
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((n, p) => n + p.interviews.length, 0);
      return shown < last.total ? shown : undefined;
    },
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["interviews"] });

  const save = useMutation({
    mutationFn: (input: InterviewInput) =>
      editing?.mode === "edit"
        ? api<Interview>(`/api/interviews/${editing.interview.id}`, { method: "PATCH", json: input })
        : api<Interview>("/api/interviews", { method: "POST", json: input }),
    onSuccess: (i) => {
      notify(editing?.mode === "edit" ? `Saved “${i.title}”` : `Scheduled “${i.title}”`);
      setEditing(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (i: Interview) => api<Interview>(`/api/interviews/${i.id}`, { method: "DELETE" }),
    onSuccess: (i) => {
      notify(`Deleted “${i.title}”`);
      setDeleting(null);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });
  const restore = useMutation({
    mutationFn: (i: Interview) => api<Interview>(`/api/interviews/${i.id}/restore`, { method: "POST" }),
    onSuccess: (i) => {
      notify(`Restored “${i.title}”`);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const rows = list.data?.pages.flatMap((p) => p.interviews) ?? [];
  const total = list.data?.pages[0]?.total ?? null;
  const filterWorkflow = workflow ? workflowById.get(workflow) : undefined;

  return (
    <>
      <PageHeader
        title="Interviews"
        description="Interviews scheduled by workflows and by people. An interview linked to a workflow is hidden while that workflow is deleted, and comes back when it is restored."
        actions={
          canWrite ? (
            <Button
              variant="primary"
              onClick={() => {
                save.reset();
                setEditing({ mode: "create" });
              }}
            >
              Schedule interview
            </Button>
          ) : null
        }
      />
      <Toolbar label="Filter interviews">
        <FilterSelect
          label="Workflow"
          className="w-full sm:w-64"
          value={workflow}
          onChange={(v) => url.set({ workflow: v })}
          options={[
            { value: "", label: "All workflows" },
            ...workflowList.map((w) => ({
              value: w.id,
              label: w.is_deleted ? `${w.name} (deleted)` : w.name,
            })),
          ]}
        />
        <FilterSelect
          label="Status"
          className="w-full sm:w-44"
          value={status}
          onChange={(v) => url.set({ status: v })}
          options={[
            { value: "", label: "Any status" },
            ...interviewStatuses.map((s) => ({ value: s, label: humanize(s) })),
          ]}
        />
        {isAdmin ? (
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
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading interviews…</p>
      ) : rows.length === 0 ? (
        <EmptyState
          title={filterWorkflow || status ? "No interviews match these filters" : "No interviews yet"}
        >
          {filterWorkflow?.is_deleted
            ? "This workflow is deleted, so its interviews are hidden. Restore the workflow to bring them back."
            : null}
        </EmptyState>
      ) : (
        <>
          <TableCard caption="Interviews">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Interview</Th>
                <Th className="hidden lg:table-cell">Workflow</Th>
                <Th className="hidden xl:table-cell">Where</Th>
                <Th className="hidden xl:table-cell">Status</Th>
                {canWrite ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <Tbody>
              {rows.map((i) => {
                const w = i.workflow_id ? workflowById.get(i.workflow_id) : undefined;
                const restoreBlocked = i.is_deleted && w?.is_deleted;
                return (
                  <tr
                    key={i.id}
                    data-testid="interview-row"
                    className={i.is_deleted ? "bg-slate-50/70 dark:bg-slate-950/40" : undefined}
                  >
                    <Td>
                      <Time iso={i.scheduled_at} fallback="Not scheduled" />
                      <div className="text-xs text-slate-600 dark:text-slate-400">
                        {i.duration_minutes} min
                      </div>
                    </Td>
                    <Td className="min-w-48 max-w-md">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{i.title}</span>
                        {i.is_deleted ? (
                          <Badge tone="red">
                            {i.deleted_via === "workflow" ? "Deleted with workflow" : "Deleted"}
                          </Badge>
                        ) : null}
                        <span className="xl:hidden">
                          <Badge tone={interviewStatusTone[i.status]}>{humanize(i.status)}</Badge>
                        </span>
                      </div>
                      {w ? (
                        <div className="text-xs text-slate-600 lg:hidden dark:text-slate-400">{w.name}</div>
                      ) : null}
                      <div className="text-xs text-slate-600 dark:text-slate-400">
                        {i.candidate_name ?? "No candidate named"}
                        {isAdmin && i.interviewer_id
                          ? ` · with ${userLabel(users.data?.users, i.interviewer_id)}`
                          : ""}
                      </div>
                    </Td>
                    <Td className="hidden whitespace-nowrap lg:table-cell">
                      {i.workflow_id ? (
                        <Link
                          href={`/workflows/${i.workflow_id}`}
                          className="text-brand-700 hover:underline dark:text-brand-100"
                        >
                          {w?.name ?? "Workflow"}
                        </Link>
                      ) : (
                        <span className="text-slate-500 dark:text-slate-400">—</span>
                      )}
                    </Td>
                    <Td className="hidden xl:table-cell">{i.location ?? "—"}</Td>
                    <Td className="hidden xl:table-cell">
                      <Badge tone={interviewStatusTone[i.status]}>{humanize(i.status)}</Badge>
                    </Td>
                    {canWrite ? (
                      <Td className="text-right">
                        <RowActions
                          name={i.title}
                          deleted={i.is_deleted}
                          stack
                          onRestore={() => restore.mutate(i)}
                          restoring={restore.isPending && restore.variables?.id === i.id}
                          restoreBlockedReason={restoreBlocked ? "Restore its workflow instead" : null}
                          onEdit={() => {
                            save.reset();
                            setEditing({ mode: "edit", interview: i });
                          }}
                          onDelete={() => setDeleting(i)}
                        />
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={rows.length}
            total={total}
            noun="interviews"
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}

      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing?.mode === "edit" ? "Edit interview" : "Schedule an interview"}
      >
        <InterviewForm
          interview={editing?.mode === "edit" ? editing.interview : undefined}
          workflows={workflowList}
          users={isAdmin ? (users.data?.users ?? null) : null}
          defaultWorkflow={filterWorkflow && !filterWorkflow.is_deleted ? filterWorkflow.id : undefined}
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => save.mutate(input)}
          onCancel={() => setEditing(null)}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this interview?"
        confirmLabel="Delete interview"
        pending={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        “{deleting?.title}” is removed from the list. Restoring its workflow later does not bring back an
        interview deleted on its own; an admin can restore it from the deleted list.
      </ConfirmDialog>
    </>
  );
}
