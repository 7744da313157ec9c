"use client";

import { useState } from "react";
import { fieldErrors } from "@/components/admin/api";
import { fromLocalInput, humanize, toLocalInput } from "@/components/admin/format";
import type { OrgUser } from "@/components/admin/users";
import { WorkflowLinkField } from "@/components/admin/workflow-link-field";
import type { WorkflowOption } from "@/components/admin/workflow-options";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { interviewStatuses } from "@/db/schema/enums";
import type { Interview } from "./queries";

export type InterviewInput = {
  title: string;
  candidate_name: string | null;
  workflow_id: string | null;
  scheduled_at: string | null;
  duration_minutes: number;
  location: string | null;
  status: (typeof interviewStatuses)[number];
  notes: string | null;
  interviewer_id?: string | null;
};

/** Schedule or edit an interview; the workflow link decides whether it goes with a deleted workflow. */
export function InterviewForm({
  interview,
  workflows,
  users,
  defaultWorkflow,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  interview?: Interview;
  workflows: WorkflowOption[];
  /** Admins pick the interviewer; null hides the field. */
  users: OrgUser[] | null;
  defaultWorkflow?: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: InterviewInput) => void;
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
    if (!text("title")) problems.title = "Give the interview a title.";
    const duration = Number(text("duration_minutes"));
    if (!Number.isInteger(duration) || duration < 1 || duration > 1440) {
      problems.duration_minutes = "Between 1 and 1440 minutes.";
    }
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      title: text("title"),
      candidate_name: text("candidate_name") || null,
      workflow_id: text("workflow_id") || null,
      scheduled_at: fromLocalInput(text("scheduled_at")),
      duration_minutes: duration,
      location: text("location") || null,
      status: text("status") as InterviewInput["status"],
      notes: text("notes") || null,
      ...(users ? { interviewer_id: text("interviewer_id") || null } : {}),
    });
  }

  const generalError = error instanceof Error && Object.keys(server).length === 0 ? error.message : null;

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={generalError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title" error={errors.title} className="sm:col-span-2">
          {(p) => (
            <input
              {...p}
              name="title"
              defaultValue={interview?.title ?? ""}
              maxLength={300}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Candidate" error={errors.candidate_name}>
          {(p) => (
            <input
              {...p}
              name="candidate_name"
              defaultValue={interview?.candidate_name ?? ""}
              className={controlClass}
            />
          )}
        </Field>
        <WorkflowLinkField
          noun="interview"
          workflows={workflows}
          linked={interview ? interview.workflow_id : undefined}
          defaultWorkflow={defaultWorkflow}
          error={errors.workflow_id}
        />
        <Field label="Scheduled at" hint="Your local time." error={errors.scheduled_at}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              name="scheduled_at"
              defaultValue={toLocalInput(interview?.scheduled_at)}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Duration (minutes)" error={errors.duration_minutes}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              name="duration_minutes"
              min={1}
              max={1440}
              defaultValue={interview?.duration_minutes ?? 60}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Location" error={errors.location}>
          {(p) => (
            <input
              {...p}
              name="location"
              placeholder="Video call, office…"
              defaultValue={interview?.location ?? ""}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Status" error={errors.status}>
          {(p) => (
            <select
              {...p}
              name="status"
              defaultValue={interview?.status ?? "scheduled"}
              className={controlClass}
            >
              {interviewStatuses.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {users ? (
          <Field label="Interviewer" error={errors.interviewer_id}>
            {(p) => (
              <select
                {...p}
                name="interviewer_id"
                defaultValue={interview?.interviewer_id ?? ""}
                className={controlClass}
              >
                <option value="">Nobody yet</option>
                {users
                  .filter((u) => u.is_active || u.id === interview?.interviewer_id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name} ({u.role})
                    </option>
                  ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label="Notes" error={errors.notes} className="sm:col-span-2">
          {(p) => (
            <textarea
              {...p}
              name="notes"
              rows={3}
              defaultValue={interview?.notes ?? ""}
              className={controlClass}
            />
          )}
        </Field>
      </div>
      <DialogActions>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          {interview ? "Save changes" : "Schedule interview"}
        </Button>
      </DialogActions>
    </form>
  );
}
