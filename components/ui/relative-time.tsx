"use client";

import { useSyncExternalStore } from "react";
import { formatAbsolute, formatRelative } from "@/lib/ui/time";

// One shared clock for every timestamp on the page, ticking every 15 s.
let now = 0;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(l: () => void) {
  listeners.add(l);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const x of listeners) x();
    }, 15_000);
  }
  return () => {
    listeners.delete(l);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot() {
  if (!now) now = Date.now();
  return now;
}
// The server does not know the viewer's zone or clock: it renders UTC, the browser switches
// to relative time with the local zone in the tooltip right after hydration.
const getServerSnapshot = () => 0;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

export function RelativeTime({
  iso,
  className = "",
}: {
  iso: string | null | undefined;
  className?: string;
}) {
  const t = useNow();
  if (!iso) return <span className={className}>—</span>;
  const hydrated = t !== 0;
  const absolute = formatAbsolute(iso, hydrated ? undefined : "UTC");
  return (
    <time dateTime={iso} title={absolute} className={className}>
      {hydrated ? formatRelative(iso, t) : absolute}
    </time>
  );
}
