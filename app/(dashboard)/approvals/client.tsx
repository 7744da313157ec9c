"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { RunStatusBadge } from "@/components/runs/status-badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { type ApprovalInbox, type ApprovalItem, approvalsPath, approvalsQueryKey } from "@/lib/ui/approvals";
import { api, errorMessage } from "@/lib/ui/http";

function ApprovalCard({ item }: { item: ApprovalItem }) {
  const qc = useQueryClient();
  const [comment, setComment] = useState("");
  const commentId = useId();
  const decide = useMutation({
    mutationFn: (decision: "approved" | "rejected") =>
      api<unknown>(
        `/api/workflow/executions/${encodeURIComponent(item.workflow_id ?? "")}/steps/${item.step_number}/approve`,
        { method: "POST", body: comment.trim() ? { decision, comment: comment.trim() } : { decision } },
      ),
    onSuccess: (_, decision) => {
      toast.success(
        decision === "approved" ? "Approved" : "Rejected",
        `${item.step_name} on ${item.workflow_id ?? "the run"}`,
      );
      void qc.invalidateQueries({ queryKey: ["approvals"] });
      if (item.workflow_id) void qc.invalidateQueries({ queryKey: ["run", item.workflow_id] });
    },
    onError: (e) => toast.error("Could not record your decision", errorMessage(e)),
  });
  const title = item.run_title ?? item.jd_title ?? "Untitled run";
  return (
    <li
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="approval"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {item.workflow_id ? (
              <Link
                href={`/runs/${item.workflow_id}`}
                className="font-mono text-brand-700 hover:underline dark:text-brand-100"
              >
                {item.workflow_id}
              </Link>
            ) : null}{" "}
            · {title}
          </p>
          <h2 className="mt-0.5 text-base font-semibold">
            Step {item.step_number}: {item.step_name}
          </h2>
          {item.step_description ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{item.step_description}</p>
          ) : null}
          <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            {item.run_status ? <RunStatusBadge status={item.run_status} /> : null}
            <span>Started by {item.started_by_name ?? "—"}</span>
            <span>
              Waiting since <RelativeTime iso={item.waiting_since} />
            </span>
          </p>
        </div>
        <div className="w-40 text-right text-xs text-slate-600 dark:text-slate-400">
          <p className="mb-1">{item.approvals.progress} approvals</p>
          <ProgressBar
            value={item.approvals.approved}
            max={item.approvals.needed}
            label="Approvals so far"
            tone="amber"
          />
        </div>
      </div>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          decide.mutate("approved");
        }}
      >
        <div className="min-w-56 flex-1">
          <label
            htmlFor={commentId}
            className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Comment (optional)
          </label>
          <input
            id={commentId}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            className="h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
        <Button variant="danger" disabled={decide.isPending} onClick={() => decide.mutate("rejected")}>
          Reject
        </Button>
        <Button type="submit" variant="primary" disabled={decide.isPending}>
          Approve
        </Button>
      </form>
    </li>
  );
}

export function ApprovalsClient() {
  const inbox = useQuery({
    queryKey: approvalsQueryKey,
    queryFn: ({ signal }) => api<ApprovalInbox>(approvalsPath, { signal }),
    refetchInterval: 15_000,
  });
  const items = inbox.data?.approvals ?? [];
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Steps waiting for your decision, oldest first. One rejection fails the step and its run."
      />
      {inbox.isError && !inbox.data ? (
        <div
          role="alert"
          className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
        >
          {errorMessage(inbox.error)}
        </div>
      ) : items.length === 0 ? (
        <EmptyState title="Nothing waiting for you">
          Steps that need your approval appear here as soon as a run reaches them.
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {inbox.data?.total ?? items.length} step{(inbox.data?.total ?? items.length) === 1 ? "" : "s"}{" "}
            waiting
          </p>
          <ul className="space-y-3">
            {items.map((i) => (
              <ApprovalCard key={i.step_id} item={i} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
