/** Placeholder of a chart's exact height while its code loads (no layout shift). */
export function ChartSkeleton({ height = "h-72" }: { height?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`${height} w-full animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800/60`}
    />
  );
}
