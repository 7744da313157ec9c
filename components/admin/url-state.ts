"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * Filters live in the URL (shareable, survive reload). Updates use history.replaceState, which the App
 * Router observes: useSearchParams changes at once and no server round trip happens; the page's queries
 * refetch through the API with the new keys.
 */
export function useUrlState() {
  const params = useSearchParams();
  const pathname = usePathname();

  const get = useCallback((key: string): string => params.get(key) ?? "", [params]);

  const set = useCallback(
    (updates: Record<string, string | null | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(updates)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      const search = next.toString();
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [params, pathname],
  );

  return { get, set, params };
}
