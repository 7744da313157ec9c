"use client";

import Link from "next/link";
import { Button, buttonClass } from "./button";

/** The body of a segment's error.tsx: what failed, a reference, and a way to try again. */
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
      className="mx-auto max-w-xl rounded-xl border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/50"
    >
      <h1 className="text-lg font-semibold text-red-900 dark:text-red-100">Could not load {what}</h1>
      <p className="mt-1 text-sm text-red-800 dark:text-red-200">
        Something went wrong on our side. Nothing you entered was lost; try again in a moment.
      </p>
      {error.digest ? (
        <p className="mt-2 font-mono text-xs text-slate-600 dark:text-slate-400">Reference: {error.digest}</p>
      ) : null}
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Link href="/runs" className={buttonClass("secondary")}>
          Back to runs
        </Link>
      </div>
    </div>
  );
}
