"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage, qs } from "@/components/admin/api";
import { useNotify } from "@/components/admin/notify";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { TabNav } from "@/components/ui/admin-tabs";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { type WorkflowCascade, type WorkflowDetail, workflowKeys } from "./queries";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Linked interviews and todos, counted for the delete confirmation. */
function useLinkedCounts(workflowId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["workflows", "linked", workflowId],
    enabled,
    staleTime: 0,
    queryFn: async ({ signal }) => {
      const [interviews, todos] = await Promise.all([
        api<{ total: number }>(`/api/interviews${qs({ workflow_id: workflowId, limit: 1 })}`, { signal }),
        api<{ total: number }>(`/api/todos${qs({ workflow_id: workflowId, limit: 1 })}`, { signal }),
      ]);
      return { interviews: interviews.total, todos: todos.total };
    },
  });
}

/** The workflow's name, state and actions above its tabs; delete cascades to interviews and todos. */
export function WorkflowHeader({
  workflowId,
  detailPath,
  canWrite,
  canReadLinked,
}: {
  workflowId: string;
  detailPath: string;
  canWrite: boolean;
  canReadLinked: boolean;
}) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: workflowKeys.detail(workflowId),
    queryFn: ({ signal }) => api<WorkflowDetail>(detailPath, { signal }),
  });
  const [confirming, setConfirming] = useState(false);
  const linked = useLinkedCounts(workflowId, confirming && canReadLinked);
  const w = detail.data;

  const afterCascade = (result: WorkflowCascade) => {
    queryClient.setQueryData<WorkflowDetail>(workflowKeys.detail(workflowId), (old) =>
      old
        ? {
            ...old,
            is_deleted: result.is_deleted,
            deleted_at: result.deleted_at,
            updated_at: result.updated_at,
          }
        : old,
    );
    void queryClient.invalidateQueries({ queryKey: ["workflows", "list"] });
    void queryClient.invalidateQueries({ queryKey: ["interviews"] });
    void queryClient.invalidateQueries({ queryKey: ["todos"] });
  };

  const remove = useMutation({
    mutationFn: () => api<WorkflowCascade>(`/api/workflows/${workflowId}`, { method: "DELETE" }),
    onSuccess: (result) => {
      setConfirming(false);
      afterCascade(result);
      notify(
        `Deleted “${result.name}”`,
        "success",
        `${plural(result.interview_ids.length, "interview")} and ${plural(result.todo_ids.length, "todo")} went with it. Restore brings them back.`,
      );
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const restore = useMutation({
    mutationFn: () => api<WorkflowCascade>(`/api/workflows/${workflowId}/restore`, { method: "POST" }),
    onSuccess: (result) => {
      afterCascade(result);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.detail(workflowId) });
      notify(
        `Restored “${result.name}”`,
        "success",
        `${plural(result.interview_ids.length, "interview")} and ${plural(result.todo_ids.length, "todo")} came back with it.`,
      );
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  if (!w) return null;
  const base = `/workflows/${workflowId}`;
  const deleteBlocked = w.builtin_key ? "Built-in workflows cannot be deleted." : null;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/workflows" className="hover:underline">
            ← Workflows
          </Link>
        }
        title={w.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="blue">Version {w.version}</Badge>
            <Badge tone={w.status === "active" ? "green" : "slate"}>{w.status}</Badge>
            {w.builtin_key ? <Badge tone="violet">Built-in</Badge> : null}
            {w.is_deleted ? <Badge tone="red">Deleted</Badge> : null}
            <span>
              {plural(w.nodes.length, "node")} · updated <RelativeTime iso={w.updated_at} />
            </span>
          </span>
        }
        actions={
          canWrite ? (
            w.is_deleted ? (
              <Button variant="primary" onClick={() => restore.mutate()} pending={restore.isPending}>
                Restore workflow
              </Button>
            ) : (
              <>
                {deleteBlocked ? (
                  <span className="text-xs text-slate-600 dark:text-slate-400" id="delete-blocked">
                    {deleteBlocked}
                  </span>
                ) : null}
                <Button
                  variant="danger"
                  onClick={() => setConfirming(true)}
                  disabled={Boolean(deleteBlocked)}
                  aria-describedby={deleteBlocked ? "delete-blocked" : undefined}
                >
                  Delete workflow
                </Button>
              </>
            )
          ) : null
        }
      />
      {w.description ? (
        <p className="-mt-3 mb-5 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{w.description}</p>
      ) : null}
      {w.is_deleted ? (
        <div
          role="status"
          className="mb-5 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
        >
          This workflow was deleted <RelativeTime iso={w.deleted_at} />. Its interviews and todos are hidden
          from their lists; restoring it brings back the ones deleted with it. Versions, configuration and
          channels are available again after a restore.
        </div>
      ) : null}
      <TabNav
        label="Workflow sections"
        tabs={[
          { href: base, label: "Definition", exact: true },
          { href: `${base}/versions`, label: "Versions" },
          { href: `${base}/configuration`, label: "Configuration" },
          { href: `${base}/channels`, label: "Channels & webhooks" },
        ]}
      />
      <ConfirmDialog
        open={confirming}
        title={`Delete “${w.name}”?`}
        confirmLabel="Delete workflow and its items"
        pending={remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate()}
      >
        <p>
          The workflow disappears from lists and can no longer start runs. Its interviews and todos are
          deleted with it
          {canReadLinked && linked.data
            ? `: ${plural(linked.data.interviews, "interview")} and ${plural(linked.data.todos, "todo")}`
            : ""}
          . Runs already recorded stay in the history.
        </p>
        <p className="mt-2">
          You can restore the workflow later; the interviews and todos deleted with it come back too.
        </p>
      </ConfirmDialog>
    </>
  );
}
