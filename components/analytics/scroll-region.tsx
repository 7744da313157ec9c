import type { ReactNode } from "react";

/** A labelled region that may scroll; focusable so keyboard users can scroll it too. */
export function ScrollRegion({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
      tabIndex={0}
      className={`overflow-auto rounded-lg border border-slate-200 dark:border-slate-800 ${className}`}
    >
      {children}
    </section>
  );
}
