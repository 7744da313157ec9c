import Link from "next/link";

export type RangePickerProps = {
  /** The page the picker navigates (keeps the period in its URL). */
  basePath: string;
  presets: readonly { key: string; label: string }[];
  /** The active preset, or null for a custom range. */
  active: string | null;
  fromDay: string;
  toDay: string;
  /** Human description of the period shown, e.g. "Oct 24 – Nov 22, 2026 · daily". */
  description: string;
};

/**
 * Preset links and a custom from–to form; both are plain navigations (no client JavaScript),
 * so the period is always in the URL.
 */
export function RangePicker({ basePath, presets, active, fromDay, toDay, description }: RangePickerProps) {
  const field =
    "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:[color-scheme:dark]";
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4 rounded-xl border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <div>
        <nav aria-label="Time range">
          <ul className="flex flex-wrap items-center gap-1">
            {presets.map((p) => {
              const current = p.key === active;
              return (
                <li key={p.key}>
                  <Link
                    href={`${basePath}?range=${p.key}`}
                    aria-current={current ? "page" : undefined}
                    className={`block rounded-md px-3 py-1.5 text-sm font-medium ${
                      current
                        ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
                        : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                    }`}
                  >
                    Last {p.label}
                  </Link>
                </li>
              );
            })}
            {active === null ? (
              <li>
                <span className="block rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
                  Custom
                </span>
              </li>
            ) : null}
          </ul>
        </nav>
        <p className="mt-1.5 px-1 text-xs text-slate-600 dark:text-slate-400" data-testid="range-description">
          {description}
        </p>
      </div>
      <form
        action={basePath}
        method="get"
        className="flex flex-wrap items-end gap-2"
        aria-label="Custom range"
      >
        <label className="flex flex-col text-xs font-medium text-slate-600 dark:text-slate-400">
          From
          <input type="date" name="from" defaultValue={fromDay} required className={field} />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600 dark:text-slate-400">
          To
          <input type="date" name="to" defaultValue={toDay} required className={field} />
        </label>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          Apply
        </button>
      </form>
    </div>
  );
}
