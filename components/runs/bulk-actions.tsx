"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { api, errorMessage } from "@/lib/ui/http";

type BulkResult = {
  results: { workflow_id: string; ok: boolean; error?: { code?: string; message?: string } | string }[];
};

/** Cancel or rerun the selected runs; each run's own outcome is reported (some may refuse). */
export default function BulkActions({
  ids,
  onDone,
  onClear,
}: {
  ids: string[];
  /** The runs the action succeeded for (they leave the selection). */
  onDone: (ids: string[]) => void;
  onClear: () => void;
}) {
  const qc = useQueryClient();
  const bulk = useMutation({
    mutationFn: ({ action, ids }: { action: "cancel" | "rerun"; ids: string[] }) =>
      api<BulkResult>(`/api/workflow/executions/bulk/${action}`, { method: "POST", body: { ids } }),
    onSuccess: (res, { action }) => {
      const results = Array.isArray(res.results) ? res.results : [];
      const ok = results.filter((r) => r.ok);
      const failed = results.filter((r) => !r.ok);
      const verb = action === "cancel" ? "Cancelled" : "Reran";
      const detail = failed
        .slice(0, 3)
        .map(
          (f) =>
            `${f.workflow_id}: ${typeof f.error === "string" ? f.error : (f.error?.message ?? "failed")}`,
        )
        .join("; ");
      if (failed.length === 0) toast.success(`${verb} ${ok.length} run${ok.length === 1 ? "" : "s"}`);
      else toast.error(`${verb} ${ok.length} of ${results.length} runs`, detail);
      onDone(ok.map((r) => r.workflow_id));
      void qc.invalidateQueries({ queryKey: ["runs"] });
    },
    onError: (e) => toast.error("Bulk action failed", errorMessage(e)),
  });

  return (
    <div
      role="toolbar"
      aria-label="Bulk actions"
      className="sticky top-2 z-10 mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-brand-500/40 bg-brand-50 px-3 py-2 text-sm shadow-sm dark:bg-slate-800"
    >
      <span className="font-medium">{ids.length} selected</span>
      <Button
        size="sm"
        variant="danger"
        disabled={bulk.isPending}
        onClick={() => bulk.mutate({ action: "cancel", ids })}
      >
        Cancel runs
      </Button>
      <Button size="sm" disabled={bulk.isPending} onClick={() => bulk.mutate({ action: "rerun", ids })}>
        Rerun
      </Button>
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
