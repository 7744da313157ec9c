"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { api } from "@/lib/ui/http";
import { type Job, type JobList, jobsPath, jobsQueryKey } from "@/lib/ui/resources";
import { useDebounced } from "./use-debounced";

export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100";

export function JobPicker({ value, onChange }: { value: string | null; onChange: (job: Job) => void }) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const searchId = useId();
  const jobs = useQuery({
    queryKey: jobsQueryKey(q),
    queryFn: ({ signal }) => api<JobList>(jobsPath(q), { signal }),
    placeholderData: keepPreviousData,
  });
  const list = jobs.data?.jobs ?? [];
  return (
    <div>
      <label htmlFor={searchId} className="sr-only">
        Search job descriptions
      </label>
      <input
        id={searchId}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder="Search by title, JD id, department, location…"
        className={inputClass}
      />
      <fieldset className="mt-2">
        <legend className="sr-only">Job description</legend>
        <div className="max-h-72 space-y-1 overflow-y-auto rounded-lg border border-slate-200 p-1 dark:border-slate-800">
          {jobs.isPending ? (
            <p className="p-3 text-sm text-slate-600 dark:text-slate-400">Loading job descriptions…</p>
          ) : list.length === 0 ? (
            <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
              {q ? `No job descriptions match “${q}”.` : "No job descriptions yet — create one."}
            </p>
          ) : (
            list.map((j) => (
              <label
                key={j.id}
                className={`flex cursor-pointer items-start gap-3 rounded-md px-3 py-2 text-sm ${
                  value === j.jd_id
                    ? "bg-brand-50 ring-1 ring-brand-500 dark:bg-slate-800"
                    : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
                }`}
              >
                <input
                  type="radio"
                  name="job"
                  value={j.jd_id}
                  checked={value === j.jd_id}
                  onChange={() => onChange(j)}
                  className="mt-0.5 h-4 w-4 accent-brand-600"
                />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{j.title}</span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                    <span className="font-mono">{j.jd_id}</span>
                    {j.department ? ` · ${j.department}` : ""}
                    {j.location ? ` · ${j.location}` : ""}
                    {" · "}
                    <RelativeTime iso={j.created_at} />
                  </span>
                </span>
              </label>
            ))
          )}
        </div>
      </fieldset>
      {jobs.data && jobs.data.total > list.length ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Showing the newest {list.length} of {jobs.data.total}; search to find older ones.
        </p>
      ) : null}
    </div>
  );
}
