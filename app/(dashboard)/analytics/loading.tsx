import { AnalyticsSkeleton } from "@/components/analytics/analytics-skeleton";

export default function Loading() {
  return (
    <>
      <div className="mb-6 space-y-2">
        <div className="h-7 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="mb-6 h-16 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
      <AnalyticsSkeleton />
    </>
  );
}
