"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type RefObject, useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { api, errorMessage } from "@/lib/ui/http";
import { type SavedView, viewsKey } from "./saved-views";

/** The open saved-views menu: the list, delete, and the save form (loaded on first open). */
export default function SavedViewsPanel({
  views,
  current,
  active,
  onApply,
  menu,
}: {
  views: { isPending: boolean; isError: boolean; error: unknown; data: SavedView[] | undefined };
  current: Record<string, string>;
  active: SavedView | undefined;
  onApply: (params: Record<string, string>) => void;
  menu: RefObject<HTMLDetailsElement | null>;
}) {
  const qc = useQueryClient();
  const ref = menu;
  const nameId = useId();
  const sharedId = useId();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const list = views.data ?? [];
  const save = useMutation({
    mutationFn: () =>
      api<SavedView>("/api/saved-views", {
        method: "POST",
        body: { name: name.trim(), page: "runs", params: current, shared },
      }),
    onSuccess: (v) => {
      toast.success(
        `Saved view “${v.name}”`,
        v.shared ? "Shared with your organization." : "Only you can see it.",
      );
      setName("");
      setShared(false);
      void qc.invalidateQueries({ queryKey: viewsKey });
    },
    onError: (e) => toast.error("Could not save the view", errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (v: SavedView) => api<unknown>(`/api/saved-views/${v.id}`, { method: "DELETE" }),
    onSuccess: (_, v) => {
      toast.success(`Deleted view “${v.name}”`);
      void qc.invalidateQueries({ queryKey: viewsKey });
    },
    onError: (e) => toast.error("Could not delete the view", errorMessage(e)),
  });

  return (
    <>
      <div className="max-h-72 overflow-y-auto p-1">
        {views.isPending ? (
          <p className="px-3 py-2 text-sm text-slate-600 dark:text-slate-400">Loading views…</p>
        ) : views.isError ? (
          <p className="px-3 py-2 text-sm text-red-700 dark:text-red-300">{errorMessage(views.error)}</p>
        ) : list.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-600 dark:text-slate-400">
            No saved views yet. Save the current filters below.
          </p>
        ) : (
          <ul aria-label="Saved views">
            {list.map((v) => (
              <li
                key={v.id}
                className="flex items-center gap-1 rounded-md hover:bg-slate-50 dark:hover:bg-slate-800"
              >
                <button
                  type="button"
                  onClick={() => {
                    onApply(v.params);
                    if (ref.current) ref.current.open = false;
                  }}
                  aria-current={active?.id === v.id ? "true" : undefined}
                  className="flex min-w-0 flex-1 items-center gap-2 px-3 py-2 text-left text-sm"
                >
                  <span className="truncate font-medium">{v.name}</span>
                  {v.shared ? <Badge tone="violet">Shared</Badge> : null}
                  {active?.id === v.id ? <Badge tone="blue">Current</Badge> : null}
                </button>
                {v.mine ? (
                  <button
                    type="button"
                    onClick={() => remove.mutate(v)}
                    disabled={remove.isPending}
                    aria-label={`Delete view ${v.name}`}
                    className="mr-1 rounded px-2 py-1 text-xs text-slate-600 dark:text-slate-400 hover:bg-red-50 hover:text-red-700 dark:hover:bg-red-950 dark:hover:text-red-300"
                  >
                    Delete
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <form
        className="space-y-2 border-t border-slate-100 p-3 dark:border-slate-800"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <label htmlFor={nameId} className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          Save current filters as
        </label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          placeholder="e.g. Failed web runs this week"
          className="h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <div className="flex items-center justify-between gap-2">
          <label htmlFor={sharedId} className="flex items-center gap-2 text-sm">
            <input
              id={sharedId}
              type="checkbox"
              checked={shared}
              onChange={(e) => setShared(e.target.checked)}
              className="h-4 w-4 accent-brand-600"
            />
            Share with organization
          </label>
          <Button type="submit" variant="primary" size="sm" disabled={save.isPending || !name.trim()}>
            {save.isPending ? "Saving…" : "Save view"}
          </Button>
        </div>
      </form>
    </>
  );
}
