export function ProgressBar({
  value,
  max,
  label,
  tone = "brand",
}: {
  value: number;
  max: number;
  label: string;
  tone?: "brand" | "green" | "red" | "amber";
}) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  const colors = { brand: "bg-brand-500", green: "bg-emerald-500", red: "bg-red-500", amber: "bg-amber-500" };
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max || 100}
      aria-valuenow={max ? value : 0}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-500 ${colors[tone]}`}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
