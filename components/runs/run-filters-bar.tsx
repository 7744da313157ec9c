"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { channels } from "@/lib/ui/vocabulary";
import { activeFilterCount, type RunView } from "@/lib/ui/run-filters";
import { channelLabels, runStatusLabels, runStatuses } from "@/lib/ui/runs";
import { fromLocalDateInput, toLocalDateInput } from "@/lib/ui/time";

export type Option = { value: string; label: string };

const fieldClass =
  "h-9 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
const labelClass = "mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400";

function MultiSelect<T extends string>({
  label,
  values,
  options,
  onChange,
}: {
  label: string;
  values: T[];
  options: { value: T; label: string }[];
  onChange: (values: T[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  // close on outside click and Escape, like a menu
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
  const summary =
    values.length === 0
      ? "Any"
      : values.length === 1
        ? (options.find((o) => o.value === values[0])?.label ?? values[0])
        : `${values.length} selected`;
  return (
    <div className="min-w-0">
      <span className={labelClass} aria-hidden="true">
        {label}
      </span>
      <details ref={ref} className="relative">
        <summary
          aria-label={`${label}: ${summary}`}
          className={`${fieldClass} flex w-full cursor-pointer list-none items-center justify-between gap-2 [&::-webkit-details-marker]:hidden`}
        >
          <span className={values.length ? "" : "text-slate-600 dark:text-slate-400"}>{summary}</span>
          <span aria-hidden="true" className="text-xs text-slate-600 dark:text-slate-400">
            ▾
          </span>
        </summary>
        <fieldset className="absolute z-20 mt-1 w-full rounded-lg border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <legend className="sr-only">{label}</legend>
          {options.map((o) => (
            <label
              key={o.value}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-800"
            >
              <input
                type="checkbox"
                checked={values.includes(o.value)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))
                }
                className="h-4 w-4 accent-brand-600"
              />
              {o.label}
            </label>
          ))}
          {values.length ? (
            <button
              type="button"
              onClick={() => onChange([])}
              className="mt-1 w-full rounded px-2 py-1 text-left text-xs text-brand-700 hover:bg-slate-50 dark:text-brand-100 dark:hover:bg-slate-800"
            >
              Clear
            </button>
          ) : null}
        </fieldset>
      </details>
    </div>
  );
}

function SelectFilter({
  label,
  value,
  options,
  onChange,
  anyLabel = "Any",
}: {
  label: string;
  value: string | undefined;
  options: Option[];
  onChange: (v: string | undefined) => void;
  anyLabel?: string;
}) {
  const id = useId();
  const known = !value || options.some((o) => o.value === value);
  return (
    <div className="min-w-0">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || undefined)}
        className={`${fieldClass} w-full`}
      >
        <option value="">{anyLabel}</option>
        {!known && value ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RunFiltersBar({
  view,
  onChange,
  jobs,
  workflows,
  users,
}: {
  view: RunView;
  onChange: (patch: Partial<RunView>) => void;
  jobs: Option[];
  workflows: Option[];
  /** null: no user filter (the caller's own runs). */
  users: Option[] | null;
}) {
  const [q, setQ] = useState(view.q ?? "");
  const searchId = useId();
  const fromId = useId();
  const toId = useId();
  // follow the URL when it changes elsewhere (saved view applied, back button)
  const lastUrlQ = useRef(view.q ?? "");
  useEffect(() => {
    if ((view.q ?? "") !== lastUrlQ.current) {
      lastUrlQ.current = view.q ?? "";
      setQ(view.q ?? "");
    }
  }, [view.q]);
  // search as you type, a moment after typing stops
  useEffect(() => {
    const trimmed = q.trim();
    if (trimmed === (view.q ?? "")) return;
    const t = setTimeout(() => {
      lastUrlQ.current = trimmed;
      onChange({ q: trimmed || undefined });
    }, 400);
    return () => clearTimeout(t);
  }, [q, view.q, onChange]);

  const count = activeFilterCount(view);
  return (
    <search
      aria-label="Filter runs"
      className="mb-4 grid grid-cols-[repeat(auto-fill,minmax(9.5rem,1fr))] items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <form
        className="col-span-2"
        onSubmit={(e) => {
          e.preventDefault();
          lastUrlQ.current = q.trim();
          onChange({ q: q.trim() || undefined });
        }}
      >
        <label htmlFor={searchId} className={labelClass}>
          Search
        </label>
        <input
          id={searchId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Title, WF-id, job, external id, context…"
          className={`${fieldClass} w-full`}
          maxLength={200}
        />
      </form>
      <MultiSelect
        label="Status"
        values={view.status}
        options={runStatuses.map((s) => ({ value: s, label: runStatusLabels[s] }))}
        onChange={(status) => onChange({ status: runStatuses.filter((s) => status.includes(s)) })}
      />
      <MultiSelect
        label="Channel"
        values={view.channel}
        options={channels.map((c) => ({ value: c, label: channelLabels[c] ?? c }))}
        onChange={(channel) => onChange({ channel: channels.filter((c) => channel.includes(c)) })}
      />
      <SelectFilter label="Job" value={view.jd_id} options={jobs} onChange={(jd_id) => onChange({ jd_id })} />
      <SelectFilter
        label="Workflow"
        value={view.workflow}
        options={workflows}
        onChange={(workflow) => onChange({ workflow })}
      />
      {users ? (
        <SelectFilter
          label="Started by"
          value={view.started_by}
          options={users}
          onChange={(started_by) => onChange({ started_by })}
          anyLabel="Anyone"
        />
      ) : null}
      <div className="min-w-0">
        <label htmlFor={fromId} className={labelClass}>
          From
        </label>
        <input
          id={fromId}
          type="date"
          value={toLocalDateInput(view.from)}
          max={toLocalDateInput(view.to) || undefined}
          onChange={(e) => onChange({ from: fromLocalDateInput(e.target.value, "start") })}
          className={`${fieldClass} w-full`}
        />
      </div>
      <div className="min-w-0">
        <label htmlFor={toId} className={labelClass}>
          To
        </label>
        <input
          id={toId}
          type="date"
          value={toLocalDateInput(view.to)}
          min={toLocalDateInput(view.from) || undefined}
          onChange={(e) => onChange({ to: fromLocalDateInput(e.target.value, "end") })}
          className={`${fieldClass} w-full`}
        />
      </div>
      {count > 0 ? (
        <Button
          variant="ghost"
          onClick={() => {
            setQ("");
            lastUrlQ.current = "";
            onChange({
              status: [],
              channel: [],
              jd_id: undefined,
              workflow: undefined,
              started_by: undefined,
              from: undefined,
              to: undefined,
              q: undefined,
            });
          }}
        >
          Clear filters ({count})
        </Button>
      ) : null}
    </search>
  );
}
