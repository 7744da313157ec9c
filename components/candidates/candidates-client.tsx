"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { ApiRequestError, api, errorMessage, qs } from "@/components/admin/api";
import { formatBytes, humanize } from "@/components/admin/format";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { resumeStatusTone } from "@/components/admin/status";
import { FilterSelect, FilterToggle, SearchBox, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog, DialogActions } from "@/components/ui/dialog";
import { controlClass, FormError } from "@/components/ui/admin-field";
import { PageHeader } from "@/components/ui/page-header";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { resumeStatuses } from "@/db/schema/enums";
import {
  RESUME_PAGE_SIZE,
  type Resume,
  type ResumeDetail,
  type ResumePage,
  resumesKey,
  type UploadResult,
  type UploadSummary,
} from "./queries";

const fileKind = (mime: string) =>
  mime.includes("pdf")
    ? "PDF"
    : mime.includes("wordprocessingml")
      ? "DOCX"
      : mime.includes("markdown")
        ? "Markdown"
        : mime.includes("html")
          ? "HTML"
          : "Text";

export function CandidatesClient({ canWrite, isAdmin }: { canWrite: boolean; isAdmin: boolean }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const q = url.get("q");
  const status = url.get("status");
  const deleted = isAdmin && url.get("deleted") === "1";
  const [uploading, setUploading] = useState(false);
  const [viewing, setViewing] = useState<Resume | null>(null);
  const [deleting, setDeleting] = useState<Resume | null>(null);

  const list = useInfiniteQuery({
    queryKey: resumesKey({ q, status, deleted }),
    queryFn: ({ pageParam, signal }) =>
      api<ResumePage>(
        `/api/resumes${qs({ q, status, include_deleted: deleted || undefined, cursor: pageParam, limit: RESUME_PAGE_SIZE })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

  const remove = useMutation({
    mutationFn: (r: Resume) => api<Resume>(`/api/resumes/${r.id}`, { method: "DELETE" }),
    onSuccess: (r) => {
      notify(`Deleted ${r.candidate_name ?? r.file_name}`, "success", "Past runs keep their match results.");
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ["resumes"] });
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const rows = list.data?.pages.flatMap((p) => p.resumes) ?? [];
  const total = list.data?.pages[0]?.total ?? null;

  return (
    <>
      <PageHeader
        title="Candidates"
        description="Uploaded resumes and what the agents read from them. Files are kept so they can be downloaded and read again."
        actions={
          canWrite ? (
            <Button variant="primary" onClick={() => setUploading(true)}>
              Upload resumes
            </Button>
          ) : null
        }
      />
      <Toolbar label="Filter candidates">
        <SearchBox
          label="Search candidates"
          placeholder="Name, e-mail or file name…"
          value={q}
          onChange={(v) => url.set({ q: v })}
        />
        <FilterSelect
          label="Status"
          className="w-full sm:w-44"
          value={status}
          onChange={(v) => url.set({ status: v })}
          options={[
            { value: "", label: "Any status" },
            ...resumeStatuses.map((s) => ({ value: s, label: humanize(s) })),
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
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading candidates…</p>
      ) : rows.length === 0 ? (
        <EmptyState title={q || status ? "No resumes match these filters" : "No resumes yet"}>
          {canWrite && !q && !status ? "Upload PDF, DOCX or text resumes to match them against a job." : null}
        </EmptyState>
      ) : (
        <>
          <TableCard caption="Uploaded resumes">
            <thead>
              <tr>
                <Th>Candidate</Th>
                <Th className="hidden lg:table-cell">File</Th>
                <Th>Status</Th>
                <Th className="hidden xl:table-cell">Uploaded</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <Tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.is_deleted ? "bg-slate-50/70 dark:bg-slate-950/40" : undefined}>
                  <Td className="max-w-xs">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{r.candidate_name ?? "Name not read yet"}</span>
                      {r.is_deleted ? <Badge tone="red">Deleted</Badge> : null}
                    </div>
                    <div className="truncate text-xs text-slate-600 dark:text-slate-400">
                      {[r.email, r.phone].filter(Boolean).join(" · ") || "No contact details read"}
                    </div>
                  </Td>
                  <Td className="hidden max-w-xs lg:table-cell">
                    <div className="truncate font-mono text-xs" title={r.file_name}>
                      {r.file_name}
                    </div>
                    <div className="text-xs text-slate-600 dark:text-slate-400">
                      {fileKind(r.mime_type)} · {formatBytes(r.file_size)} · {r.source}
                    </div>
                  </Td>
                  <Td className="max-w-xs">
                    <Badge tone={resumeStatusTone[r.status]}>{humanize(r.status)}</Badge>
                    {r.parse_error ? (
                      <p
                        className="mt-1 line-clamp-2 text-xs text-red-700 dark:text-red-400"
                        title={r.parse_error}
                      >
                        {r.parse_error}
                      </p>
                    ) : null}
                  </Td>
                  <Td className="hidden text-slate-600 xl:table-cell dark:text-slate-400">
                    <RelativeTime iso={r.created_at} />
                  </Td>
                  <Td className="text-right">
                    <div className="flex flex-col items-end gap-1 xl:flex-row xl:justify-end">
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => setViewing(r)}
                        aria-label={`Details of ${r.file_name}`}
                      >
                        Details
                      </Button>
                      {r.has_file ? (
                        <a
                          href={`/api/resumes/${r.id}/file`}
                          download={r.file_name}
                          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
                          aria-label={`Download ${r.file_name}`}
                        >
                          Download
                        </a>
                      ) : null}
                      {canWrite && !r.is_deleted ? (
                        <Button
                          size="sm"
                          variant="danger"
                          onClick={() => setDeleting(r)}
                          aria-label={`Delete ${r.file_name}`}
                        >
                          Delete
                        </Button>
                      ) : null}
                    </div>
                  </Td>
                </tr>
              ))}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={rows.length}
            total={total}
            noun="resumes"
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}

      {uploading ? (
        <UploadDialog
          onClose={() => setUploading(false)}
          onDone={(summary) => {
            void queryClient.invalidateQueries({ queryKey: ["resumes"] });
            notify(
              `Uploaded ${summary.created} resume${summary.created === 1 ? "" : "s"}`,
              summary.failed ? "info" : "success",
              [
                summary.duplicates ? `${summary.duplicates} already on file` : "",
                summary.failed ? `${summary.failed} refused` : "",
              ]
                .filter(Boolean)
                .join(", ") || undefined,
            );
          }}
        />
      ) : null}
      {viewing ? <ResumeDialog resume={viewing} isAdmin={isAdmin} onClose={() => setViewing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this resume?"
        confirmLabel="Delete resume"
        pending={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        {deleting?.candidate_name ?? deleting?.file_name} is removed from the candidate list and from new
        runs. Runs that already matched it keep their results.
      </ConfirmDialog>
    </>
  );
}

function UploadDialog({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (summary: UploadSummary) => void;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [results, setResults] = useState<UploadResult[] | null>(null);
  const [count, setCount] = useState(0);
  const upload = useMutation({
    mutationFn: async (files: FileList) => {
      const form = new FormData();
      for (const f of Array.from(files)) form.append("files", f);
      try {
        return await api<UploadSummary>("/api/resumes", { method: "POST", form });
      } catch (error) {
        // 422: nothing stored; the per-file reasons are in the error details
        if (
          error instanceof ApiRequestError &&
          error.details &&
          typeof error.details === "object" &&
          "results" in error.details
        ) {
          const failed = (error.details as { results: UploadResult[] }).results;
          return {
            results: failed,
            created: 0,
            duplicates: 0,
            failed: failed.length,
          } satisfies UploadSummary;
        }
        throw error;
      }
    },
    onSuccess: (summary) => {
      setResults(summary.results);
      if (summary.created + summary.duplicates > 0) onDone(summary);
    },
  });
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Upload resumes"
      description="PDF, DOCX, text, Markdown or HTML; up to 50 files of 10 MB each. Files already on file are recognised and not stored twice."
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const files = input.current?.files;
          if (files?.length) upload.mutate(files);
        }}
        className="space-y-4"
      >
        <FormError message={upload.error ? errorMessage(upload.error) : null} />
        <div>
          <label htmlFor={inputId} className="mb-1 block text-sm font-medium">
            Files
          </label>
          <input
            id={inputId}
            ref={input}
            type="file"
            multiple
            accept=".pdf,.docx,.txt,.md,.html,.htm,application/pdf,text/plain"
            onChange={(e) => {
              setCount(e.target.files?.length ?? 0);
              setResults(null);
            }}
            className={`${controlClass} file:mr-3 file:rounded file:border-0 file:bg-brand-50 file:px-2 file:py-1 file:text-sm file:text-brand-700`}
          />
        </div>
        {results ? (
          <ul className="max-h-60 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-700">
            {results.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: results are in request order and may repeat names
              <li key={i} className="flex items-start justify-between gap-3 px-3 py-2">
                <span className="min-w-0 truncate font-mono text-xs">{r.file_name}</span>
                {r.ok ? (
                  <Badge tone={r.duplicate ? "slate" : "green"}>
                    {r.duplicate ? "Already on file" : "Stored"}
                  </Badge>
                ) : (
                  <span className="text-right text-xs text-red-700 dark:text-red-400">
                    {r.error?.message ?? "Refused"}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <DialogActions>
          <Button onClick={onClose}>{results ? "Close" : "Cancel"}</Button>
          <Button type="submit" variant="primary" pending={upload.isPending} disabled={count === 0}>
            Upload {count > 0 ? `${count} file${count === 1 ? "" : "s"}` : ""}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function ResumeDialog({
  resume,
  isAdmin,
  onClose,
}: {
  resume: Resume;
  isAdmin: boolean;
  onClose: () => void;
}) {
  const detail = useQuery({
    queryKey: ["resumes", "detail", resume.id],
    queryFn: ({ signal }) =>
      api<ResumeDetail>(
        `/api/resumes/${resume.id}${resume.is_deleted && isAdmin ? "?include_deleted=true" : ""}`,
        {
          signal,
        },
      ),
  });
  return (
    <Dialog
      open
      onClose={onClose}
      size="xl"
      title={resume.candidate_name ?? resume.file_name}
      description={resume.file_name}
    >
      {detail.isError ? (
        <ListError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : detail.isPending ? (
        <p className="text-sm">Loading…</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <section aria-label="Parsed details">
            <h3 className="mb-1 text-sm font-semibold">What the resume reader found</h3>
            {detail.data.parsed ? (
              <pre className="max-h-80 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100">
                {JSON.stringify(detail.data.parsed, null, 2)}
              </pre>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {detail.data.parse_error
                  ? `Not parsed: ${detail.data.parse_error}`
                  : "Not parsed yet; a run reads it."}
              </p>
            )}
          </section>
          <section aria-label="Extracted text">
            <h3 className="mb-1 text-sm font-semibold">Extracted text</h3>
            {detail.data.extracted_text ? (
              <pre className="max-h-80 overflow-auto whitespace-pre-wrap rounded-md border border-slate-200 bg-slate-50 p-3 text-xs dark:border-slate-700 dark:bg-slate-950">
                {detail.data.extracted_text}
              </pre>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">No text extracted yet.</p>
            )}
          </section>
        </div>
      )}
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
