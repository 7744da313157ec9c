"use client";

import type { WorkflowOption } from "@/components/admin/workflow-options";
import { controlClass, Field } from "@/components/ui/admin-field";

/**
 * The "Workflow" select of an interview or todo form. Deleted workflows are offered only when the
 * item already links one (so editing does not silently unlink it).
 */
export function WorkflowLinkField({
  noun,
  workflows,
  linked,
  defaultWorkflow,
  error,
}: {
  /** "interview" or "todo", for the hint. */
  noun: string;
  workflows: WorkflowOption[];
  /** The item's current workflow; undefined for a new item. */
  linked: string | null | undefined;
  /** Preselected for a new item (the list's workflow filter). */
  defaultWorkflow?: string;
  error?: string;
}) {
  const live = workflows.filter((w) => !w.is_deleted || w.id === linked);
  return (
    <Field
      label="Workflow"
      hint={`Deleting the workflow hides this ${noun}; restoring it brings it back.`}
      error={error}
    >
      {(p) => (
        <select
          {...p}
          name="workflow_id"
          defaultValue={linked !== undefined ? (linked ?? "") : (defaultWorkflow ?? "")}
          className={controlClass}
        >
          <option value="">Not linked</option>
          {live.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
