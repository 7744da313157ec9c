"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { api } from "@/lib/ui/http";
import { type ResumeList, resumesPath, resumesQueryKey } from "@/lib/ui/resources";
import { inputClass } from "./job-picker";
import { useDebounced } from "./use-debounced";

const statusTone = { uploaded: "slate", extracted: "blue", parsed: "green", failed: "red" } as const;

export function ResumePicker({
  selected,
  onToggle,
  onSetMany,
}: {
  selected: Set<string>;
  onToggle: (id: string) => void;
  onSetMany: (ids: string[], on: boolean) => void;
}) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const searchId = useId();
  const resumes = useQuery({
    queryKey: resumesQueryKey(q),
    queryFn: ({ signal }) => api<ResumeList>(resumesPath(q), { signal }),
    placeholderData: keepPreviousData,
  });
  const list = resumes.data?.resumes ?? [];
  const shownIds = list.map((r) => r.id);
  const allShown = shownIds.length > 0 && shownIds.every((id) => selected.has(id));
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={searchId} className="sr-only">
          Search resumes
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search by candidate, file name or e-mail…"
          className={`${inputClass} flex-1`}
        />
        <button
          type="button"
          onClick={() => onSetMany(shownIds, !allShown)}
          disabled={!shownIds.length}
          className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:underline disabled:opacity-50 dark:text-brand-100"
        >
          {allShown ? "Clear shown" : `Select all ${shownIds.length} shown`}
        </button>
      </div>
      <fieldset className="mt-2">
        <legend className="sr-only">Existing resumes</legend>
        <div className="max-h-64 overflow-y-auto rounded-lg border border-slate-200 p-1 dark:border-slate-800">
          {resumes.isPending ? (
            <p className="p-3 text-sm text-slate-600 dark:text-slate-400">Loading resumes…</p>
          ) : list.length === 0 ? (
            <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
              {q ? `No resumes match “${q}”.` : "No resumes yet — upload some above."}
            </p>
          ) : (
            list.map((r) => (
              <label
                key={r.id}
                className={`flex cursor-pointer items-center gap-3 rounded-md px-3 py-1.5 text-sm ${
                  selected.has(r.id)
                    ? "bg-brand-50 dark:bg-slate-800"
                    : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
                }`}
              >
                <input
                  type="checkbox"
                  checked={selected.has(r.id)}
                  onChange={() => onToggle(r.id)}
                  className="h-4 w-4 accent-brand-600"
                />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{r.candidate_name ?? r.file_name}</span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                    {r.candidate_name ? `${r.file_name} · ` : ""}
                    <RelativeTime iso={r.created_at} />
                  </span>
                </span>
                <Badge tone={statusTone[r.status as keyof typeof statusTone] ?? "slate"}>{r.status}</Badge>
              </label>
            ))
          )}
        </div>
      </fieldset>
      {resumes.data && resumes.data.total > list.length ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Showing the newest {list.length} of {resumes.data.total}; search to find others.
        </p>
      ) : null}
    </div>
  );
}
