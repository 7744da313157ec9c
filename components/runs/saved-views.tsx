"use client";

import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import type { presentSavedView } from "@/lib/api/presenters-resources";
import { api } from "@/lib/ui/http";
import { listOf } from "@/lib/ui/lists";

export type SavedView = ReturnType<typeof presentSavedView>;

export const viewsKey = ["saved-views", "runs"] as const;

const SavedViewsPanel = lazy(() => import("./saved-views-panel"));

const sameParams = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

export function SavedViews({
  current,
  onApply,
}: {
  /** The current view's filters and sort, as a saved view stores them. */
  current: Record<string, string>;
  onApply: (params: Record<string, string>) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  // the menu's contents (list, delete, save form) load the first time it opens
  const [opened, setOpened] = useState(false);
  const views = useQuery({
    queryKey: viewsKey,
    queryFn: async () =>
      listOf<SavedView>(await api<unknown>("/api/saved-views?page=runs"), "views", "saved_views"),
    staleTime: 60_000,
  });
  useEffect(() => {
    const onDoc = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && ref.current?.open) {
        ref.current.open = false;
        ref.current.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("click", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  const list = views.data ?? [];
  const active = list.find((v) => sameParams(v.params, current));
  return (
    <details
      ref={ref}
      className="relative"
      data-testid="saved-views"
      onToggle={(e) => {
        if (e.currentTarget.open) setOpened(true);
      }}
    >
      <summary className="inline-flex h-9 cursor-pointer list-none items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden">
        <span>Saved views</span>
        {active ? (
          <span className="max-w-32 truncate text-brand-700 dark:text-brand-100">· {active.name}</span>
        ) : null}
        <span aria-hidden="true" className="text-xs text-slate-600 dark:text-slate-400">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-80 rounded-lg border border-slate-200 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900">
        {opened ? (
          <Suspense
            fallback={<p className="px-3 py-2 text-sm text-slate-600 dark:text-slate-400">Loading views…</p>}
          >
            <SavedViewsPanel views={views} current={current} active={active} onApply={onApply} menu={ref} />
          </Suspense>
        ) : null}
      </div>
    </details>
  );
}
