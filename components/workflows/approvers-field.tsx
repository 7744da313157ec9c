"use client";

import { useId, useState } from "react";
import type { OrgUser } from "@/components/admin/users";
import { controlClass } from "@/components/ui/admin-field";

const canApprove = (u: OrgUser) => u.role !== "analyst";

/**
 * Who may approve a step. Admins pick from the organization's users (analysts cannot approve);
 * other roles, who cannot list users, enter user ids one per line. Empty means any manager or admin.
 */
export function ApproversField({
  value,
  onChange,
  users,
  error,
  disabled,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  users: OrgUser[] | null;
  error?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(" ");
  const [filter, setFilter] = useState("");

  const hint = (
    <p id={hintId} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
      {value.length === 0
        ? "Nobody selected: any manager or admin of the organization may approve."
        : `${value.length} selected. Each approval must come from a different person on this list.`}
    </p>
  );
  const errorText = error ? (
    <p id={errorId} className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;

  if (!users) {
    return (
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          Approvers (user ids, one per line)
        </label>
        <textarea
          id={id}
          rows={3}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          defaultValue={value.join("\n")}
          onChange={(e) =>
            onChange(
              e.target.value
                .split(/[\s,]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            )
          }
          className={`${controlClass} font-mono text-xs`}
        />
        {hint}
        {errorText}
      </div>
    );
  }

  const eligible = users.filter((u) => canApprove(u) && (u.is_active || value.includes(u.id)));
  const unknown = value.filter((v) => !users.some((u) => u.id === v));
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? eligible.filter((u) => u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle))
    : eligible;
  const toggle = (userId: string, on: boolean) =>
    onChange(on ? [...value, userId] : value.filter((v) => v !== userId));

  return (
    <fieldset aria-describedby={describedBy} aria-invalid={error ? true : undefined} disabled={disabled}>
      <legend className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">Approvers</legend>
      {eligible.length > 6 ? (
        <>
          <label htmlFor={`${id}-filter`} className="sr-only">
            Filter approvers
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            placeholder="Filter people…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className={`${controlClass} mb-2`}
          />
        </>
      ) : null}
      <ul
        className={`max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-md border dark:divide-slate-800 ${
          error ? "border-red-500" : "border-slate-300 dark:border-slate-600"
        }`}
      >
        {shown.map((u) => {
          const checkboxId = `${id}-${u.id}`;
          return (
            <li key={u.id} className="flex items-center gap-3 px-3 py-2">
              <input
                id={checkboxId}
                type="checkbox"
                className="size-4 accent-brand-600"
                checked={value.includes(u.id)}
                onChange={(e) => toggle(u.id, e.target.checked)}
              />
              <label htmlFor={checkboxId} className="min-w-0 flex-1 text-sm">
                <span className="font-medium">{u.name}</span>{" "}
                <span className="text-slate-600 dark:text-slate-400">
                  · {u.role}
                  {u.is_active ? "" : " · deactivated"}
                </span>
                <span className="block truncate text-xs text-slate-600 dark:text-slate-400">{u.email}</span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 ? (
          <li className="px-3 py-2 text-sm text-slate-600 dark:text-slate-400">No one matches.</li>
        ) : null}
      </ul>
      {unknown.length > 0 ? (
        <div className="mt-2 flex flex-wrap gap-1.5">
          {unknown.map((v) => (
            <button
              key={v}
              type="button"
              onClick={() => toggle(v, false)}
              className="rounded-full bg-amber-50 px-2 py-0.5 font-mono text-xs text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800"
              aria-label={`Remove unknown approver ${v}`}
            >
              {v.slice(0, 8)}… ×
            </button>
          ))}
        </div>
      ) : null}
      {hint}
      {errorText}
    </fieldset>
  );
}
