"use client";

import { useState } from "react";
import { fieldErrors } from "@/components/admin/api";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import type { Job } from "./queries";

export type JobInput = {
  title: string;
  description: string;
  department: string | null;
  location: string | null;
  employment_type: string | null;
};

const employmentTypes = ["Full-time", "Part-time", "Contract", "Temporary", "Internship"];

/** Create or edit a job description; empty optional fields are sent as null (cleared). */
export function JobForm({
  job,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  job?: Job;
  pending: boolean;
  error: unknown;
  onSubmit: (input: JobInput) => void;
  onCancel: () => void;
}) {
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = fieldErrors(error);
  const errors = { ...server, ...local };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const problems: Record<string, string> = {};
    if (!text("title")) problems.title = "Give the job a title.";
    if (!text("description")) problems.description = "Paste or write the job description.";
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      title: text("title"),
      description: text("description"),
      department: text("department") || null,
      location: text("location") || null,
      employment_type: text("employment_type") || null,
    });
  }

  const generalError =
    error && Object.keys(server).length === 0 && error instanceof Error ? error.message : null;

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={generalError} />
      <Field label="Title" error={errors.title}>
        {(p) => (
          <input
            {...p}
            name="title"
            defaultValue={job?.title ?? ""}
            required
            maxLength={300}
            className={controlClass}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Department" error={errors.department}>
          {(p) => (
            <input {...p} name="department" defaultValue={job?.department ?? ""} className={controlClass} />
          )}
        </Field>
        <Field label="Location" error={errors.location}>
          {(p) => (
            <input {...p} name="location" defaultValue={job?.location ?? ""} className={controlClass} />
          )}
        </Field>
        <Field label="Employment type" error={errors.employment_type}>
          {(p) => (
            <>
              <input
                {...p}
                name="employment_type"
                list="employment-types"
                defaultValue={job?.employment_type ?? ""}
                className={controlClass}
              />
              <datalist id="employment-types">
                {employmentTypes.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      <Field
        label="Description"
        hint="Requirements, skills and seniority are read from this text when a run matches resumes."
        error={errors.description}
      >
        {(p) => (
          <textarea
            {...p}
            name="description"
            rows={10}
            defaultValue={job?.description ?? ""}
            required
            className={`${controlClass} font-mono text-xs leading-relaxed`}
          />
        )}
      </Field>
      <DialogActions>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          {job ? "Save changes" : "Create job"}
        </Button>
      </DialogActions>
    </form>
  );
}
