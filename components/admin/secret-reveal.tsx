"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret shown exactly once (API token, webhook signing secret): selectable text, a copy button and
 * a warning that it will not be shown again.
 */
export function SecretReveal({
  label,
  secret,
  warning,
  onDone,
  testId,
}: {
  label: string;
  secret: string;
  warning: string;
  onDone?: () => void;
  testId?: string;
}) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // clipboard access can be refused (permissions, insecure origin): the text stays selectable
      setCopied("failed");
    }
  }
  return (
    <section
      aria-label={label}
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <p className="text-sm font-semibold">
        <span aria-hidden="true">⚠ </span>
        {warning}
      </p>
      <label htmlFor={id} className="mt-3 block text-xs font-medium">
        {label}
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id={id}
          readOnly
          value={secret}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 dark:border-amber-800 dark:bg-slate-950 dark:text-slate-100"
        />
        <Button onClick={() => void copy()}>{copied === "yes" ? "Copied" : "Copy"}</Button>
        {onDone ? (
          <Button variant="ghost" onClick={onDone}>
            Done
          </Button>
        ) : null}
      </div>
      <p className="mt-1 min-h-4 text-xs" aria-live="polite">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Copying was refused; select the text and copy it."
            : ""}
      </p>
    </section>
  );
}
