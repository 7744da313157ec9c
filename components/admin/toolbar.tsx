"use client";

import { useEffect, useId, useRef, useState } from "react";
import { controlClass } from "@/components/ui/admin-field";

/** A row of list filters; wraps on narrow screens. */
export function Toolbar({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <search aria-label={label} className="mb-4 flex flex-wrap items-end gap-3">
      {children}
    </search>
  );
}

/** A search box that reports its value after the user pauses typing. */
export function SearchBox({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const latest = useRef(onChange);
  latest.current = onChange;
  const last = useRef(value);

  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === last.current) return;
    const timer = setTimeout(() => {
      last.current = text;
      latest.current(text.trim());
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="w-full sm:w-72">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        className={controlClass}
      />
    </div>
  );
}

/** A labelled select for a list filter. */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className ?? "w-full sm:w-52"}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={controlClass}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A checkbox filter ("Show deleted"), aligned with the other controls. */
export function FilterToggle({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  // The URL (the source of truth) updates in a transition; show the click at once meanwhile, so the
  // box never flips back for a frame (React would reset a controlled checkbox to the old prop).
  const [shown, setShown] = useState(checked);
  useEffect(() => setShown(checked), [checked]);
  return (
    <div className="flex h-9 items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
        className="size-4 accent-brand-600"
      />
      <label htmlFor={id} className="text-sm text-slate-700 dark:text-slate-300">
        {label}
      </label>
    </div>
  );
}
