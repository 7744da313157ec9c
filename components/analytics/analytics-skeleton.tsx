/** The Analytics layout in grey, while the period's figures are read. */
export function AnalyticsSkeleton() {
  const block = "rounded-xl bg-slate-200/70 dark:bg-slate-800/70";
  return (
    <div aria-busy="true" className="animate-pulse space-y-6">
      <p role="status" className="sr-only">
        Loading analytics…
      </p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
        {["runs", "success", "duration", "failed", "tokens"].map((k) => (
          <div key={k} className={`h-24 ${block}`} />
        ))}
      </div>
      <div className={`h-96 ${block}`} />
      <div className="grid gap-6 xl:grid-cols-5">
        <div className={`h-80 xl:col-span-3 ${block}`} />
        <div className={`h-80 xl:col-span-2 ${block}`} />
      </div>
    </div>
  );
}
