"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from "react";
import { LegacyImport } from "@/components/runs/legacy-import";
import { type Option, RunFiltersBar } from "@/components/runs/run-filters-bar";
import { RunsTable } from "@/components/runs/runs-table";
import { SavedViews } from "@/components/runs/saved-views";
import { Button, ButtonLink, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Segmented } from "@/components/ui/segmented";
import { Skeleton } from "@/components/ui/skeleton";
import type { UserRole } from "@/db/schema/enums";
import { api, errorMessage } from "@/lib/ui/http";
import { listOf } from "@/lib/ui/lists";
import { type JobList, jobsPath, jobsQueryKey } from "@/lib/ui/resources";
import {
  activeFilterCount,
  changeView,
  PAGE_SIZE,
  parseRunView,
  type RunScope,
  type RunView,
  runExportHref,
  runViewToApiSearch,
  runViewToParams,
  runViewToSearch,
  toggleSort,
} from "@/lib/ui/run-filters";
import { type RunListPage, runsQueryKey } from "@/lib/ui/runs";

export type RunsViewer = {
  userId: string;
  role: UserRole;
  defaultScope: RunScope;
  canOrg: boolean;
  canBulk: boolean;
  canExport: boolean;
  canImport: boolean;
  canStart: boolean;
};

// The toolbar (and its mutation) loads only once a run is selected: most visits never need it.
const BulkActions = lazy(() => import("@/components/runs/bulk-actions"));
type UserOption = { id: string; name: string; email?: string };
type WorkflowOption = { id: string; name: string };

const SCOPES = [
  ["mine", "My runs"],
  ["org", "Organization"],
] as const;

export function RunsClient({ viewer }: { viewer: RunsViewer }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const view = useMemo(() => {
    const v = parseRunView(searchParams);
    if (!viewer.canOrg) delete v.scope;
    return v;
  }, [searchParams, viewer.canOrg]);
  const scope = view.scope ?? viewer.defaultScope;
  const apiSearch = runViewToApiSearch(view, { defaultScope: viewer.defaultScope });

  const runs = useQuery({
    queryKey: runsQueryKey(apiSearch),
    queryFn: ({ signal }) => api<RunListPage>(`/api/workflow/executions?${apiSearch}`, { signal }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });

  // Keyset pages only go forward; remember the cursors we came through so "Previous" works.
  const trail = useRef<(string | undefined)[]>([]);
  const navigate = useCallback(
    (next: RunView, opts: { keepTrail?: boolean } = {}) => {
      if (!opts.keepTrail) trail.current = [];
      const qs = runViewToSearch(next);
      // the list is fetched on the client; the browser's own pushState (which Next's router follows)
      // changes the URL without a server round trip, so filters react instantly
      window.history.pushState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );
  const update = useCallback(
    (patch: Partial<RunView>) => navigate(changeView(view, patch)),
    [navigate, view],
  );

  const jobs = useQuery({
    queryKey: jobsQueryKey(),
    queryFn: ({ signal }) => api<JobList>(jobsPath(), { signal }),
    staleTime: 5 * 60_000,
  });
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: async () => listOf<UserOption>(await api<unknown>("/api/users?limit=100"), "users"),
    enabled: viewer.role === "admin" && scope === "org",
    staleTime: 5 * 60_000,
    retry: false,
  });

  const page = runs.data;
  const list = page?.workflows ?? [];
  const jobOptions: Option[] = (jobs.data?.jobs ?? []).map((j) => ({
    value: j.jd_id,
    label: `${j.title} (${j.jd_id})`,
  }));
  const workflows = useQuery({
    queryKey: ["workflows", "options"],
    queryFn: async ({ signal }) =>
      listOf<WorkflowOption>(await api<unknown>("/api/workflows?limit=100", { signal }), "workflows"),
    staleTime: 5 * 60_000,
  });
  const workflowOptions: Option[] = useMemo(() => {
    const seen = new Map<string, string>();
    for (const w of workflows.data ?? []) seen.set(w.id, w.name);
    for (const r of list) if (r.workflow?.id && r.workflow.name) seen.set(r.workflow.id, r.workflow.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [workflows.data, list]);
  const userOptions: Option[] | null = useMemo(() => {
    if (scope !== "org") return null;
    const seen = new Map<string, string>();
    for (const u of users.data ?? []) seen.set(u.id, u.name);
    for (const r of list) if (r.started_by) seen.set(r.started_by, r.started_by_name ?? r.started_by);
    return [...seen]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [scope, users.data, list]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const toggleAll = (all: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      for (const r of list) {
        if (all) n.add(r.workflow_id);
        else n.delete(r.workflow_id);
      }
      return n;
    });

  const selectedIds = [...selected];
  const unselect = useCallback(
    (done: string[]) =>
      setSelected((s) => {
        const n = new Set(s);
        for (const id of done) n.delete(id);
        return n;
      }),
    [],
  );
  // Every sort pages by keyset cursor; a `skip` only arrives from an old shared link.
  const position = view.skip ?? trail.current.length * PAGE_SIZE;
  // a lower bound (total_exact false) never reads below the runs already shown
  const total = page
    ? page.total_exact === false
      ? Math.max(page.total, position + list.length)
      : page.total
    : 0;
  const hasNext = Boolean(page?.next_cursor);
  const hasPrev = Boolean(view.cursor) || Boolean(view.skip);
  const goNext = () => {
    if (!page?.next_cursor) return;
    trail.current = [...trail.current, view.cursor];
    const next: RunView = { ...view, cursor: page.next_cursor };
    delete next.skip;
    navigate(next, { keepTrail: true });
  };
  const goPrev = () => {
    const prev = trail.current.at(-1);
    trail.current = trail.current.slice(0, -1);
    const next: RunView = { ...view };
    delete next.skip;
    if (prev) next.cursor = prev;
    else delete next.cursor;
    navigate(next, { keepTrail: true });
  };
  // a shared link that starts mid-list has no trail: "Previous" then means the first page
  const prevLabel = (view.cursor || view.skip) && trail.current.length === 0 ? "First page" : "Previous";

  const filtered = activeFilterCount(view) > 0;
  return (
    <>
      <PageHeader
        title="Runs"
        description={
          scope === "org"
            ? "Every workflow run in your organization, kept on the server and visible from any device."
            : "Your workflow runs, kept on the server and visible from any device."
        }
        actions={
          <>
            {viewer.canExport ? (
              <>
                <a
                  href={runExportHref(view, "csv", viewer.defaultScope)}
                  download
                  className={buttonClass("secondary")}
                  data-testid="export-csv"
                >
                  Export CSV
                </a>
                <a
                  href={runExportHref(view, "ndjson", viewer.defaultScope)}
                  download
                  className={buttonClass("secondary")}
                >
                  Export NDJSON
                </a>
              </>
            ) : null}
            {viewer.canStart ? (
              <ButtonLink href="/start" variant="primary">
                Start AI Workflow
              </ButtonLink>
            ) : null}
          </>
        }
      />
      {viewer.canImport ? <LegacyImport /> : null}
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          {viewer.canOrg ? (
            <Segmented
              legend="Whose runs"
              options={SCOPES}
              value={scope}
              onChange={(s) => update({ scope: s })}
            />
          ) : null}
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {page ? (
              <>
                <span className="font-medium text-slate-900 tabular-nums dark:text-slate-100">
                  {total}
                  {page.total_exact === false ? "+" : ""}
                </span>{" "}
                run
                {total === 1 ? "" : "s"}
                {filtered ? (total === 1 ? " matches" : " match") : ""}
              </>
            ) : null}
            {runs.isFetching && !runs.isPending ? (
              <span className="ml-2 inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
                <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-brand-500" />
                Refreshing
              </span>
            ) : null}
          </p>
        </div>
        <SavedViews
          current={runViewToParams(view)}
          onApply={(params) => {
            const next = parseRunView(params);
            if (!viewer.canOrg) delete next.scope;
            navigate(next);
          }}
        />
      </div>
      <RunFiltersBar
        view={view}
        onChange={update}
        jobs={jobOptions}
        workflows={workflowOptions}
        users={userOptions}
      />
      {viewer.canBulk && selectedIds.length > 0 ? (
        <Suspense fallback={null}>
          <BulkActions ids={selectedIds} onDone={unselect} onClear={() => setSelected(new Set())} />
        </Suspense>
      ) : null}
      {runs.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <span className="sr-only">Loading runs…</span>
          {["a", "b", "c", "d", "e", "f"].map((k) => (
            <Skeleton key={k} className="h-12 w-full" />
          ))}
        </div>
      ) : runs.isError && !page ? (
        <div
          role="alert"
          className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
        >
          <p className="font-medium">Could not load runs.</p>
          <p className="mt-1 text-slate-700 dark:text-slate-300">{errorMessage(runs.error)}</p>
          <Button className="mt-3" size="sm" onClick={() => void runs.refetch()}>
            Try again
          </Button>
        </div>
      ) : list.length === 0 ? (
        <EmptyState title={filtered ? "No runs match these filters" : "No runs yet"}>
          {filtered
            ? "Try removing a filter or widening the date range."
            : viewer.canStart
              ? "Start an AI workflow and it will appear here, live."
              : "Runs started in your organization will appear here."}
        </EmptyState>
      ) : (
        <>
          <RunsTable
            runs={list}
            sort={view.sort}
            onSort={(c) => navigate(changeView(view, { sort: toggleSort(view.sort, c) }))}
            selectable={viewer.canBulk}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            showOwner={scope === "org"}
          />
          <nav
            aria-label="Pagination"
            className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm"
          >
            <p className="text-slate-600 dark:text-slate-400">
              Showing <span className="tabular-nums">{position + 1}</span>–
              <span className="tabular-nums">{position + list.length}</span> of{" "}
              <span className="tabular-nums">
                {total}
                {page?.total_exact === false ? "+" : ""}
              </span>
              <span className="ml-2 text-xs">· refreshes every 10 s</span>
            </p>
            <div className="flex gap-2">
              <Button size="sm" onClick={goPrev} disabled={!hasPrev}>
                {prevLabel}
              </Button>
              <Button size="sm" onClick={goNext} disabled={!hasNext}>
                Next
              </Button>
            </div>
          </nav>
        </>
      )}
    </>
  );
}
