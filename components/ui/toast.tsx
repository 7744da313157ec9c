"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

export type ToastKind = "success" | "error" | "info";
type Toast = { id: number; kind: ToastKind; title: string; description?: string };

// A tiny module-level store: any component (or plain function) can raise a toast.
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

function push(kind: ToastKind, title: string, description?: string): number {
  const id = nextId++;
  toasts = [...toasts.slice(-4), { id, kind, title, description }];
  emit();
  return id;
}

export function dismissToast(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export const toast = {
  success: (title: string, description?: string) => push("success", title, description),
  error: (title: string, description?: string) => push("error", title, description),
  info: (title: string, description?: string) => push("info", title, description),
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: Toast[] = [];

const styles: Record<ToastKind, string> = {
  success: "border-emerald-300 dark:border-emerald-800",
  error: "border-red-300 dark:border-red-800",
  info: "border-slate-300 dark:border-slate-700",
};
const dots: Record<ToastKind, string> = {
  success: "bg-emerald-500",
  error: "bg-red-500",
  info: "bg-brand-500",
};

function ToastItem({ t }: { t: Toast }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => dismissToast(t.id), t.kind === "error" ? 8000 : 5000);
    return () => clearTimeout(timer);
  }, [paused, t.id, t.kind]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toast is not a form group; the role names it for hover/focus pausing
    <div
      role="group"
      aria-label={t.title}
      className={`pointer-events-auto flex w-full items-start gap-3 rounded-lg border bg-white p-3 text-sm shadow-lg dark:bg-slate-900 ${styles[t.kind]}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      data-testid="toast"
      data-kind={t.kind}
    >
      <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${dots[t.kind]}`} />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{t.title}</p>
        {t.description ? (
          <p className="mt-0.5 break-words text-slate-600 dark:text-slate-400">{t.description}</p>
        ) : null}
      </div>
      <button
        type="button"
        onClick={() => dismissToast(t.id)}
        className="rounded px-1 text-slate-600 dark:text-slate-400 hover:text-slate-900 dark:hover:text-white"
        aria-label="Dismiss notification"
      >
        ×
      </button>
    </div>
  );
}

/** Mounted once in the dashboard layout; announces toasts politely (errors assertively). */
export function Toaster() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  const errors = list.filter((t) => t.kind === "error");
  const others = list.filter((t) => t.kind !== "error");
  return (
    <div className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-end gap-2 sm:left-auto sm:w-96">
      <div aria-live="polite" className="flex w-full flex-col gap-2">
        {others.map((t) => (
          <ToastItem key={t.id} t={t} />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="flex w-full flex-col gap-2">
        {errors.map((t) => (
          <ToastItem key={t.id} t={t} />
        ))}
      </div>
    </div>
  );
}
