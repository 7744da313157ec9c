export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded-md bg-slate-200 dark:bg-slate-800 ${className}`}
    />
  );
}

const ROWS = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];
const CARDS = ["c1", "c2", "c3", "c4"];

/** A page-shaped placeholder for loading.tsx: a heading, a toolbar and a few rows or cards. */
export function PageSkeleton({
  label,
  variant = "table",
}: {
  label: string;
  variant?: "table" | "cards" | "form";
}) {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-5">
      <span className="sr-only">{label}</span>
      <div className="space-y-2">
        <Skeleton className="h-7 w-56" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      {variant === "table" ? (
        <>
          <Skeleton className="h-10 w-full" />
          <div className="overflow-hidden rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            {ROWS.map((row) => (
              <div
                key={row}
                className="flex items-center gap-4 border-b border-slate-100 px-4 py-3 last:border-0 dark:border-slate-800"
              >
                <Skeleton className="h-4 w-4" />
                <Skeleton className="h-4 w-24" />
                <Skeleton className="h-4 flex-1" />
                <Skeleton className="h-5 w-20 rounded-full" />
                <Skeleton className="h-4 w-16" />
              </div>
            ))}
          </div>
        </>
      ) : variant === "cards" ? (
        <>
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            {CARDS.map((card) => (
              <Skeleton key={card} className="h-32" />
            ))}
          </div>
          <Skeleton className="h-56 w-full" />
          <Skeleton className="h-40 w-full" />
        </>
      ) : (
        <div className="grid gap-5 lg:grid-cols-2">
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      )}
    </div>
  );
}
