"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { api, errorMessage } from "@/lib/ui/http";
import {
  describeLegacyHistory,
  LEGACY_DISMISSED_KEY,
  LEGACY_HISTORY_KEY,
  type LegacyEntry,
} from "@/lib/ui/legacy";
import { formatAbsolute } from "@/lib/ui/time";

type ImportResult = { created?: number; skipped_existing?: number; [k: string]: unknown };

/**
 * Offers to move the run history the old product kept in this browser onto the server. The
 * local copy is removed only once the server has answered 2xx, so a failed import loses nothing.
 */
export default function LegacyImportBanner({ found }: { found: LegacyEntry[] }) {
  const qc = useQueryClient();
  const [entries, setEntries] = useState<LegacyEntry[] | null>(found);
  const run = useMutation({
    mutationFn: (list: LegacyEntry[]) =>
      api<ImportResult>("/api/workflow/executions/import", { method: "POST", body: list }),
    onSuccess: (result) => {
      localStorage.removeItem(LEGACY_HISTORY_KEY);
      setEntries(null);
      const created = typeof result.created === "number" ? result.created : 0;
      const skipped = typeof result.skipped_existing === "number" ? result.skipped_existing : 0;
      toast.success(
        `Imported ${created} run${created === 1 ? "" : "s"} from this browser`,
        skipped
          ? `${skipped} had been imported before and were skipped.`
          : "They are now kept on the server.",
      );
      void qc.invalidateQueries({ queryKey: ["runs"] });
    },
    onError: (e) => toast.error("Import failed — your local history is untouched", errorMessage(e)),
  });
  if (!entries) return null;
  const info = describeLegacyHistory(entries);
  return (
    <section
      aria-labelledby="legacy-import-title"
      className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40"
      data-testid="legacy-import"
    >
      <div className="min-w-0 max-w-2xl">
        <h2 id="legacy-import-title" className="text-sm font-semibold text-amber-950 dark:text-amber-100">
          We found {info.count} run{info.count === 1 ? "" : "s"} saved in this browser
        </h2>
        <p className="mt-1 text-sm text-amber-900 dark:text-amber-200">
          The previous version kept workflow history only in this browser
          {info.oldest && info.newest
            ? ` (${formatAbsolute(info.oldest).split(",").slice(0, 2).join(",")} – ${formatAbsolute(info.newest).split(",").slice(0, 2).join(",")})`
            : ""}
          . Import it to keep it on the server, visible from any device. The local copy is removed once the
          import succeeds.
        </p>
      </div>
      <div className="flex gap-2">
        <Button
          variant="ghost"
          onClick={() => {
            sessionStorage.setItem(LEGACY_DISMISSED_KEY, "1");
            setEntries(null);
          }}
        >
          Not now
        </Button>
        <Button variant="primary" onClick={() => run.mutate(entries)} disabled={run.isPending}>
          {run.isPending ? "Importing…" : `Import ${info.count} run${info.count === 1 ? "" : "s"}`}
        </Button>
      </div>
    </section>
  );
}
