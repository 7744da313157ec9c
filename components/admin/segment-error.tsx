"use client";

import { Button } from "@/components/ui/admin-button";

/** The error boundary body of an administration segment: what failed, a reference, and a retry. */
export function SegmentError({
  what,
  error,
  reset,
}: {
  what: string;
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-red-200 bg-red-50 p-6 text-red-950 dark:border-red-900 dark:bg-red-950 dark:text-red-50"
    >
      <h2 className="text-lg font-semibold">{what} could not be loaded</h2>
      <p className="mt-1 text-sm">
        The server had a problem answering. Nothing was changed; try again, and if it keeps failing, give an
        admin the reference below.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs opacity-80">Reference: {error.digest}</p> : null}
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
