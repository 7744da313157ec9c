"use client";

import { useId, useState } from "react";
import { guessTitle, readableAsText } from "@/lib/ui/resources";
import { inputClass } from "./job-picker";

export type NewJob = {
  title: string;
  description: string;
  department: string;
  location: string;
  employment_type: string;
};

export const emptyJob: NewJob = {
  title: "",
  description: "",
  department: "",
  location: "",
  employment_type: "",
};

export function JobForm({ value, onChange }: { value: NewJob; onChange: (v: NewJob) => void }) {
  const ids = {
    title: useId(),
    description: useId(),
    department: useId(),
    location: useId(),
    type: useId(),
    fileHelp: useId(),
  };
  const [fileNote, setFileNote] = useState<{ tone: "info" | "warn"; text: string } | null>(null);
  const set = (patch: Partial<NewJob>) => onChange({ ...value, ...patch });

  async function loadFile(file: File) {
    if (!readableAsText(file)) {
      setFileNote({
        tone: "warn",
        text: `${file.name} is a ${file.name.split(".").pop()?.toUpperCase() ?? "binary"} file, which this page cannot read. Open it and paste its text into the description below.`,
      });
      return;
    }
    if (file.size > 500_000) {
      setFileNote({
        tone: "warn",
        text: `${file.name} is larger than 500 KB; paste the relevant part instead.`,
      });
      return;
    }
    const text = await file.text();
    set({ description: text, title: value.title || guessTitle(text) });
    setFileNote({ tone: "info", text: `Loaded ${file.name}. Check the title and text before starting.` });
  }

  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={ids.title} className="mb-1 block text-sm font-medium">
          Title
        </label>
        <input
          id={ids.title}
          value={value.title}
          onChange={(e) => set({ title: e.target.value })}
          maxLength={300}
          required
          placeholder="e.g. Senior Backend Engineer"
          className={inputClass}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label
            htmlFor={ids.department}
            className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Department <span className="font-normal">(optional)</span>
          </label>
          <input
            id={ids.department}
            value={value.department}
            onChange={(e) => set({ department: e.target.value })}
            maxLength={200}
            className={inputClass}
          />
        </div>
        <div>
          <label
            htmlFor={ids.location}
            className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Location <span className="font-normal">(optional)</span>
          </label>
          <input
            id={ids.location}
            value={value.location}
            onChange={(e) => set({ location: e.target.value })}
            maxLength={200}
            className={inputClass}
          />
        </div>
        <div>
          <label
            htmlFor={ids.type}
            className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Employment type <span className="font-normal">(optional)</span>
          </label>
          <input
            id={ids.type}
            value={value.employment_type}
            onChange={(e) => set({ employment_type: e.target.value })}
            maxLength={100}
            placeholder="Full-time"
            className={inputClass}
          />
        </div>
      </div>
      <div>
        <div className="mb-1 flex flex-wrap items-end justify-between gap-2">
          <label htmlFor={ids.description} className="block text-sm font-medium">
            Description
          </label>
          <span className="text-xs text-slate-600 dark:text-slate-400">
            <label className="cursor-pointer rounded font-medium text-brand-700 underline-offset-2 hover:underline focus-within:underline focus-within:outline-2 focus-within:outline-brand-500 dark:text-brand-100">
              Load from a file…
              <input
                type="file"
                accept=".txt,.md,.markdown,.pdf,.docx,text/plain,text/markdown"
                aria-describedby={ids.fileHelp}
                className="sr-only"
                data-testid="jd-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void loadFile(f);
                  e.target.value = "";
                }}
              />
            </label>{" "}
            <span id={ids.fileHelp}>(.txt or .md; paste PDF and Word text)</span>
          </span>
        </div>
        <textarea
          id={ids.description}
          value={value.description}
          onChange={(e) => set({ description: e.target.value })}
          onBlur={() => {
            if (!value.title && value.description) set({ title: guessTitle(value.description) });
          }}
          required
          rows={10}
          maxLength={100_000}
          placeholder="Paste the job description: responsibilities, required and nice-to-have skills, years of experience…"
          className={`${inputClass} font-mono text-xs leading-relaxed`}
        />
        {fileNote ? (
          <p
            role="status"
            className={`mt-1 text-xs ${fileNote.tone === "warn" ? "text-amber-800 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}`}
          >
            {fileNote.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
