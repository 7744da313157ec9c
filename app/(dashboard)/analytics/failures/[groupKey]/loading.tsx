export default function Loading() {
  const block = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";
  return (
    <div aria-busy="true" className="space-y-4">
      <p role="status" className="sr-only">
        Loading the runs of this failure group…
      </p>
      <div className={`h-4 w-32 ${block}`} />
      <div className={`h-7 w-72 ${block}`} />
      <div className={`h-10 w-full max-w-2xl ${block}`} />
      <div className={`h-16 w-full rounded-xl ${block}`} />
      <div className={`h-96 w-full rounded-xl ${block}`} />
    </div>
  );
}
