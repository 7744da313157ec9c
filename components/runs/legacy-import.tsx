"use client";

import { lazy, Suspense, useEffect, useState } from "react";
import {
  LEGACY_DISMISSED_KEY,
  LEGACY_HISTORY_KEY,
  type LegacyEntry,
  parseLegacyHistory,
} from "@/lib/ui/legacy";

// The banner (and its import mutation) loads only in the rare browser that still has old history.
const LegacyImportBanner = lazy(() => import("./legacy-import-banner"));

/**
 * Offers to move the run history the old product kept in this browser onto the server. The
 * local copy is removed only once the server has answered 2xx, so a failed import loses nothing.
 */
export function LegacyImport() {
  const [found, setFound] = useState<LegacyEntry[] | null>(null);
  useEffect(() => {
    try {
      if (sessionStorage.getItem(LEGACY_DISMISSED_KEY)) return;
      setFound(parseLegacyHistory(localStorage.getItem(LEGACY_HISTORY_KEY)));
    } catch {
      // storage disabled: nothing to offer
    }
  }, []);
  if (!found) return null;
  return (
    <Suspense fallback={null}>
      <LegacyImportBanner found={found} />
    </Suspense>
  );
}
