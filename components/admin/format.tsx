"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};
/** False during server rendering and hydration, true afterwards: local-time text only once in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

const utc = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** A timestamp: UTC in the server HTML, the viewer's local time once hydrated; full ISO in the tooltip. */
export function Time({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  const hydrated = useHydrated();
  if (!iso) return <span className="text-slate-500 dark:text-slate-400">{fallback}</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  const text = hydrated
    ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : `${utc.format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className="whitespace-nowrap">
      {text}
    </time>
  );
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "snake_case" → "Snake case" for enum values shown to people. */
export function humanize(value: string): string {
  const spaced = value.replaceAll("_", " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Local value for <input type="datetime-local"> from an ISO timestamp. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO timestamp from an <input type="datetime-local"> value (read as local time); null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
