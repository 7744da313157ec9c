"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, qs } from "@/components/admin/api";
import { Time } from "@/components/admin/format";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { FilterToggle, SearchBox, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { RowActions } from "@/components/admin/row-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { EmptyState } from "@/components/ui/empty-state";
import { JobForm, type JobInput } from "./job-form";
import { JOB_PAGE_SIZE, type Job, type JobPage, jobsKey } from "./queries";

type Editing = { mode: "create" } | { mode: "edit"; job: Job } | null;

export function JobsClient({ canWrite, canSeeDeleted }: { canWrite: boolean; canSeeDeleted: boolean }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const q = url.get("q");
  const deleted = canSeeDeleted && url.get("deleted") === "1";
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Job | null>(null);

  const list = useInfiniteQuery({
    queryKey: jobsKey({ q, deleted }),
    queryFn: ({ pageParam, signal }) =>
      api<JobPage>(
        `/api/jobs${qs({ q, include_deleted: deleted || undefined, cursor: pageParam, limit: JOB_PAGE_SIZE })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["jobs"] });

  const save = useMutation({
    mutationFn: (input: JobInput) =>
      editing?.mode === "edit"
        ? api<Job>(`/api/jobs/${editing.job.jd_id}`, { method: "PATCH", json: input })
        : api<Job>("/api/jobs", { method: "POST", json: input }),
    onSuccess: (job) => {
      notify(editing?.mode === "edit" ? `Saved ${job.jd_id}` : `Created ${job.jd_id} · ${job.title}`);
      setEditing(null);
      void refresh();
    },
  });

  const remove = useMutation({
    mutationFn: (job: Job) => api<Job>(`/api/jobs/${job.jd_id}`, { method: "DELETE" }),
    onSuccess: (job) => {
      notify(`Deleted ${job.jd_id}`);
      setDeleting(null);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const restore = useMutation({
    mutationFn: (job: Job) => api<Job>(`/api/jobs/${job.jd_id}/restore`, { method: "POST" }),
    onSuccess: (job) => {
      notify(`Restored ${job.jd_id}`);
      void refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const jobs = list.data?.pages.flatMap((p) => p.jobs) ?? [];
  const total = list.data?.pages[0]?.total ?? null;

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Job descriptions that runs match resumes against. Each has a public id (JD-…) used by the API."
        actions={
          canWrite ? (
            <Button
              variant="primary"
              onClick={() => {
                save.reset();
                setEditing({ mode: "create" });
              }}
            >
              New job
            </Button>
          ) : null
        }
      />
      <Toolbar label="Filter jobs">
        <SearchBox
          label="Search jobs"
          placeholder="Title, JD id, department, location…"
          value={q}
          onChange={(value) => url.set({ q: value })}
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
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading jobs…</p>
      ) : jobs.length === 0 ? (
        <EmptyState title={q ? `No jobs match “${q}”` : "No job descriptions yet"}>
          {canWrite && !q ? "Create one to start matching resumes against it." : null}
        </EmptyState>
      ) : (
        <>
          <TableCard caption="Job descriptions">
            <thead>
              <tr>
                <Th>Job</Th>
                <Th className="hidden lg:table-cell">Department</Th>
                <Th className="hidden xl:table-cell">Location</Th>
                <Th className="hidden xl:table-cell">Type</Th>
                <Th>Created</Th>
                {canWrite ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <Tbody>
              {jobs.map((job) => (
                <tr
                  key={job.id}
                  className={job.is_deleted ? "bg-slate-50/70 dark:bg-slate-950/40" : undefined}
                >
                  <Td>
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{job.title}</span>
                      {job.is_deleted ? <Badge tone="red">Deleted</Badge> : null}
                    </div>
                    <div className="mt-0.5 font-mono text-xs text-slate-600 dark:text-slate-400">
                      {job.jd_id}
                    </div>
                  </Td>
                  <Td className="hidden lg:table-cell">{job.department ?? "—"}</Td>
                  <Td className="hidden xl:table-cell">{job.location ?? "—"}</Td>
                  <Td className="hidden whitespace-nowrap xl:table-cell">{job.employment_type ?? "—"}</Td>
                  <Td className="text-slate-600 dark:text-slate-400">
                    <Time iso={job.created_at} />
                  </Td>
                  {canWrite ? (
                    <Td className="text-right">
                      <RowActions
                        name={job.title}
                        deleted={job.is_deleted}
                        onRestore={() => restore.mutate(job)}
                        restoring={restore.isPending && restore.variables?.id === job.id}
                        onEdit={() => {
                          save.reset();
                          setEditing({ mode: "edit", job });
                        }}
                        onDelete={() => setDeleting(job)}
                      />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={jobs.length}
            total={total}
            noun="jobs"
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
        title={editing?.mode === "edit" ? `Edit ${editing.job.jd_id}` : "New job description"}
        description={
          editing?.mode === "edit"
            ? "Changing the title or description clears the parsed requirements; the next run reads them again."
            : undefined
        }
      >
        <JobForm
          job={editing?.mode === "edit" ? editing.job : undefined}
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => save.mutate(input)}
          onCancel={() => setEditing(null)}
        />
      </Dialog>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.jd_id ?? "job"}?`}
        confirmLabel="Delete job"
        pending={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        “{deleting?.title}” disappears from job pickers and lists. Runs that used it keep their copy of its
        title. An admin can restore it later.
      </ConfirmDialog>
    </>
  );
}
