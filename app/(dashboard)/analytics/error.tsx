"use client";

import Link from "next/link";

export default function AnalyticsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950"
    >
      <h1 className="text-lg font-semibold">Analytics could not be loaded</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        The figures for this period could not be read. Your data is unaffected; try again, or open the default
        period.
      </p>
      {error.digest ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Reference: {error.digest}</p>
      ) : null}
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
        <Link
          href="/analytics"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-white dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-900"
        >
          Last 30 days
        </Link>
      </div>
    </div>
  );
}
