"use client";

import type { ReactNode } from "react";

/** Legend entries in body text colour (series colours are too light for text on white). */
export function legendText(value: ReactNode) {
  return <span className="text-xs text-slate-700 dark:text-slate-300">{value}</span>;
}

/** Legend props shared by the charts: series in drawing order, neutral text, small round icons. */
export const legendProps = {
  formatter: legendText,
  iconType: "circle",
  iconSize: 8,
  itemSorter: null,
} as const;

/** A small segmented control for charts that can show one of several measures. */
export function MetricSwitch<M extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: M; label: string }[];
  value: M;
  onChange: (value: M) => void;
}) {
  return (
    <fieldset className="mb-2 flex flex-wrap gap-1">
      <legend className="sr-only">{label}</legend>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
            value === o.value
              ? "bg-brand-100 text-brand-700 dark:bg-slate-700 dark:text-white"
              : "text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800"
          }`}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

/** The chart itself is one image to assistive technology; its summary is the label. */
export function ChartFrame({
  label,
  height = "h-72",
  children,
}: {
  label: string;
  /** A Tailwind height class, or pixels. */
  height?: string | number;
  children: ReactNode;
}) {
  const fixed = typeof height === "number";
  return (
    <div
      role="img"
      aria-label={label}
      data-chart-frame=""
      className={`${fixed ? "" : height} w-full min-w-0`}
      style={fixed ? { height } : undefined}
    >
      {children}
    </div>
  );
}
