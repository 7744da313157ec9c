"use client";

import { Button } from "@/components/ui/button";
import { errorMessage } from "./api";

/** The error of a list that failed to load, with a retry. */
export function ListError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-red-200 bg-red-50 p-5 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">This list could not be loaded.</p>
      <p className="mt-1">{errorMessage(error)}</p>
      <Button className="mt-3" size="sm" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

/** "Showing n of total" and a keyset "Load more" button under a list. */
export function LoadMore({
  shown,
  total,
  hasMore,
  loading,
  onLoadMore,
  noun,
}: {
  shown: number;
  total?: number | null;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  noun: string;
}) {
  return (
    <div className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400">
      <p aria-live="polite">
        {total !== undefined && total !== null
          ? `Showing ${shown} of ${total} ${noun}`
          : `Showing ${shown} ${noun}`}
      </p>
      {hasMore ? (
        <Button onClick={onLoadMore} pending={loading}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
