/** A small group of toggle buttons of which exactly one is pressed (a view switch, not a form field). */
export function Segmented<T extends string>({
  legend,
  options,
  value,
  onChange,
  size = "md",
}: {
  /** Read by screen readers only. */
  legend: string;
  options: readonly (readonly [T, string])[];
  value: T;
  onChange: (value: T) => void;
  size?: "sm" | "md";
}) {
  return (
    <fieldset className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <legend className="sr-only">{legend}</legend>
      {options.map(([option, label]) => (
        <button
          key={option}
          type="button"
          aria-pressed={value === option}
          onClick={() => onChange(option)}
          className={`rounded px-3 font-medium ${size === "sm" ? "py-1 text-xs" : "py-1.5 text-sm"} ${
            value === option
              ? "bg-brand-600 text-white"
              : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          }`}
        >
          {label}
        </button>
      ))}
    </fieldset>
  );
}
