"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import type { UserRole } from "@/db/schema/enums";
import { can } from "@/lib/auth/permissions";
import { api, errorMessage, newIdempotencyKey } from "@/lib/ui/http";
import {
  isRunStep,
  isTerminalRunStatus,
  mergeStep,
  type RunDocument,
  type RunStep,
  runQueryKey,
} from "@/lib/ui/runs";

export type Viewer = { userId: string; role: UserRole };

type ActionInput = { path: string; body?: unknown; idempotent?: boolean; success: string };

const textareaClass =
  "w-full rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

/** POSTs a run or step action and folds the answer (a run document or a step document) into the cache. */
export function useRunAction(runId: string) {
  const qc = useQueryClient();
  const router = useRouter();
  const key = runQueryKey(runId);
  return useMutation({
    mutationFn: ({ path, body, idempotent }: ActionInput) =>
      api<unknown>(`/api/workflow/executions/${encodeURIComponent(runId)}${path}`, {
        method: "POST",
        body,
        idempotencyKey: idempotent ? newIdempotencyKey() : undefined,
      }),
    onSuccess: (res, input) => {
      const current = qc.getQueryData<RunDocument>(key);
      if (res && typeof res === "object") {
        const r = res as Record<string, unknown>;
        if (Array.isArray(r.steps) && typeof r.workflow_id === "string") {
          const doc = r as RunDocument;
          if (current && doc.workflow_id !== current.workflow_id && doc.id !== current.id) {
            // a rerun is a new run: go and watch it (this run's document now lists it under reruns)
            toast.success(input.success, `New run ${doc.workflow_id} started.`);
            void qc.invalidateQueries({ queryKey: key });
            void qc.invalidateQueries({ queryKey: ["runs"] });
            router.push(`/runs/${doc.workflow_id}`);
            return;
          }
          qc.setQueryData<RunDocument>(key, doc);
        } else if (isRunStep(r.step) && current) {
          const merged = mergeStep(current, r.step);
          qc.setQueryData<RunDocument>(
            key,
            typeof r.run_status === "string"
              ? { ...merged, status: r.run_status as RunDocument["status"] }
              : merged,
          );
        }
      }
      toast.success(input.success);
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ["runs"] });
    },
    onError: (e) => toast.error("Action failed", errorMessage(e)),
  });
}

export function RunActions({ run, viewer }: { run: RunDocument; viewer: Viewer }) {
  const action = useRunAction(run.workflow_id);
  const [dialog, setDialog] = useState<"cancel" | "rerun-from" | null>(null);
  const [reason, setReason] = useState("");
  const completedSteps = run.steps;
  const [fromStep, setFromStep] = useState<number>(completedSteps[0]?.step_number ?? 1);
  const reasonId = useId();
  const stepId = useId();
  if (!can(viewer.role, "runs:operate")) return null;
  const terminal = isTerminalRunStatus(run.status);
  return (
    <>
      {!terminal ? (
        <Button variant="danger" onClick={() => setDialog("cancel")} disabled={action.isPending}>
          Cancel run
        </Button>
      ) : (
        <>
          {run.steps.length > 1 ? (
            <Button onClick={() => setDialog("rerun-from")} disabled={action.isPending}>
              Rerun from step…
            </Button>
          ) : null}
          <Button
            variant="primary"
            disabled={action.isPending}
            onClick={() => action.mutate({ path: "/rerun", idempotent: true, success: "Rerun started" })}
          >
            Rerun
          </Button>
        </>
      )}
      {dialog === "cancel" ? (
        <Dialog
          open
          title={`Cancel ${run.workflow_id}?`}
          description="Open steps are cancelled and running agents are stopped. The run stays in the history."
          onClose={() => setDialog(null)}
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              action.mutate(
                {
                  path: "/cancel",
                  body: reason.trim() ? { reason: reason.trim() } : {},
                  success: "Run cancelled",
                },
                { onSettled: () => setDialog(null) },
              );
            }}
          >
            <label htmlFor={reasonId} className="mb-1 block text-sm font-medium">
              Reason <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
            </label>
            <textarea
              id={reasonId}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              rows={3}
              className={textareaClass}
            />
            <div className="mt-4 flex justify-end gap-2">
              <Button onClick={() => setDialog(null)}>Keep running</Button>
              <Button type="submit" variant="danger" disabled={action.isPending}>
                {action.isPending ? "Cancelling…" : "Cancel run"}
              </Button>
            </div>
          </form>
        </Dialog>
      ) : null}
      {dialog === "rerun-from" ? (
        <Dialog
          open
          title="Rerun from a step"
          description="A new run starts: earlier steps are carried over with their outputs, the chosen step and every later one run again. This run stays as it is."
          onClose={() => setDialog(null)}
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              action.mutate(
                {
                  path: "/rerun-from",
                  body: { step_number: fromStep },
                  idempotent: true,
                  success: `Rerunning from step ${fromStep}`,
                },
                { onSettled: () => setDialog(null) },
              );
            }}
          >
            <label htmlFor={stepId} className="mb-1 block text-sm font-medium">
              Start again at
            </label>
            <select
              id={stepId}
              value={fromStep}
              onChange={(e) => setFromStep(Number(e.target.value))}
              className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-950"
            >
              {run.steps.map((s) => (
                <option key={s.step_number} value={s.step_number}>
                  {s.step_number}. {s.step_name} ({s.status})
                </option>
              ))}
            </select>
            <div className="mt-4 flex justify-end gap-2">
              <Button onClick={() => setDialog(null)}>Close</Button>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                Rerun from step {fromStep}
              </Button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </>
  );
}

/** May this viewer decide on this step? Listed approvers, or admins and managers when nobody is listed. */
export function canDecide(step: RunStep, viewer: Viewer): boolean {
  if (step.status !== "waiting_approval" || !can(viewer.role, "runs:approve")) return false;
  const approvers = Array.isArray(step.approvers) ? step.approvers : [];
  const eligible = approvers.length
    ? approvers.includes(viewer.userId)
    : viewer.role === "admin" || viewer.role === "manager";
  return eligible && !step.approvals.some((a) => a.user_id === viewer.userId);
}

export function StepActions({ runId, step, viewer }: { runId: string; step: RunStep; viewer: Viewer }) {
  const action = useRunAction(runId);
  const [deciding, setDeciding] = useState(false);
  const operate = can(viewer.role, "runs:operate");
  const retryable = operate && ["failed", "timeout", "cancelled"].includes(step.status);
  const manual = operate && step.status === "waiting_manual";
  const decide = canDecide(step, viewer);
  if (!retryable && !manual && !decide) return null;
  const base = `/steps/${step.step_number}`;
  return (
    <div className="flex flex-wrap gap-2">
      {retryable ? (
        <Button
          size="sm"
          disabled={action.isPending}
          onClick={() =>
            action.mutate({ path: `${base}/retry`, success: `Retrying step ${step.step_number}` })
          }
        >
          Retry step
        </Button>
      ) : null}
      {manual ? (
        <Button
          size="sm"
          variant="primary"
          disabled={action.isPending}
          onClick={() =>
            action.mutate({ path: `${base}/manual-start`, success: `Started step ${step.step_number}` })
          }
        >
          Start step
        </Button>
      ) : null}
      {decide ? (
        <Button size="sm" variant="primary" onClick={() => setDeciding(true)}>
          Review approval…
        </Button>
      ) : null}
      {deciding ? <ApprovalDialog runId={runId} step={step} onClose={() => setDeciding(false)} /> : null}
    </div>
  );
}

export function ApprovalDialog({
  runId,
  step,
  onClose,
}: {
  runId: string;
  step: RunStep;
  onClose: () => void;
}) {
  const action = useRunAction(runId);
  const [comment, setComment] = useState("");
  const commentId = useId();
  const needed = step.number_of_approvals_needed ?? 1;
  const approved = step.approvals.filter((a) => a.decision === "approved").length;
  const submit = (decision: "approved" | "rejected") =>
    action.mutate(
      {
        path: `/steps/${step.step_number}/approve`,
        body: comment.trim() ? { decision, comment: comment.trim() } : { decision },
        success:
          decision === "approved" ? `Approved step ${step.step_number}` : `Rejected step ${step.step_number}`,
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog
      open
      title={`${step.step_name}: your decision`}
      description={`${approved} of ${needed} approval${needed === 1 ? "" : "s"} so far. One rejection fails the step and the run.`}
      onClose={onClose}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit("approved");
        }}
      >
        <label htmlFor={commentId} className="mb-1 block text-sm font-medium">
          Comment <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
        </label>
        <textarea
          id={commentId}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={2000}
          rows={3}
          className={textareaClass}
        />
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={onClose}>Close</Button>
          <Button variant="danger" disabled={action.isPending} onClick={() => submit("rejected")}>
            Reject
          </Button>
          <Button type="submit" variant="primary" disabled={action.isPending}>
            Approve
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
