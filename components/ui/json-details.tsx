/** Collapsible pretty-printed JSON (context, configuration snapshots, step IO). */
export function JsonDetails({
  summary,
  value,
  open = false,
}: {
  summary: React.ReactNode;
  value: unknown;
  open?: boolean;
}) {
  const empty =
    value === null ||
    value === undefined ||
    (typeof value === "object" && Object.keys(value as object).length === 0);
  return (
    <details
      open={open}
      className="group rounded-lg border border-slate-200 bg-white open:shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <summary className="flex cursor-pointer select-none items-center justify-between gap-2 rounded-lg px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-800">
        <span>{summary}</span>
        <span
          aria-hidden="true"
          className="text-xs text-slate-600 dark:text-slate-400 transition-transform group-open:rotate-90"
        >
          ▶
        </span>
      </summary>
      {empty ? (
        <p className="border-t border-slate-100 px-3 py-2 text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">
          Empty.
        </p>
      ) : (
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
          tabIndex={0}
          className="max-h-96 overflow-auto border-t border-slate-100 bg-slate-50 px-3 py-2 font-mono text-xs leading-relaxed text-slate-800 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200"
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </details>
  );
}
