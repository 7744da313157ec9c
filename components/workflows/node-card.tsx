"use client";

import { useId } from "react";
import type { OrgUser } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { Checkbox, controlClass, Field } from "@/components/ui/admin-field";
import { Badge } from "@/components/ui/badge";
import { stepTypes } from "@/db/schema/enums";
import { ApproversField } from "./approvers-field";
import {
  type DraftErrors,
  type EditorAction,
  type IoValidator,
  type NodeDraft,
  parseIoSchema,
  stepTypeLabels,
} from "./editor-state";

function formatJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

function summary(node: NodeDraft): string[] {
  const parts: string[] = [];
  if (node.required_human_approval) {
    parts.push(
      `${node.number_of_approvals_needed || "1"} approval${node.number_of_approvals_needed === "1" || !node.number_of_approvals_needed ? "" : "s"}`,
    );
  }
  if (!node.auto_start) parts.push("manual start");
  if (node.delay_in_seconds) parts.push(`delay ${node.delay_in_seconds}s`);
  parts.push(`${node.max_retries || "0"} retr${node.max_retries === "1" ? "y" : "ies"}`);
  if (node.timeout_seconds) parts.push(`timeout ${node.timeout_seconds}s`);
  return parts;
}

/** One node of the editor: a header that can be expanded, and the node's fields. */
export function NodeCard({
  node,
  index,
  count,
  open,
  onToggle,
  dispatch,
  errors,
  showErrors,
  readOnly,
  users,
  validateIo,
}: {
  node: NodeDraft;
  index: number;
  count: number;
  open: boolean;
  onToggle: () => void;
  dispatch: (action: EditorAction) => void;
  errors: DraftErrors;
  showErrors: boolean;
  readOnly: boolean;
  users: OrgUser[] | null;
  validateIo: IoValidator;
}) {
  const panelId = useId();
  const headingId = useId();
  const at = (field: string) => `nodes.${node.uid}.${field}`;
  const err = (field: string) => (showErrors ? errors[at(field)] : undefined);
  const update = (patch: Partial<Omit<NodeDraft, "uid">>) =>
    dispatch({ type: "update_node", uid: node.uid, patch });
  const hasErrors = showErrors && Object.keys(errors).some((k) => k.startsWith(`nodes.${node.uid}.`));
  // the IO schema is validated as it is typed, whether or not a save was attempted
  const ioCheck = parseIoSchema(node.io_schema, validateIo);
  const ioError = "error" in ioCheck ? ioCheck.error : undefined;
  const name = node.step_name.trim() || "Untitled step";

  return (
    <li
      aria-labelledby={headingId}
      className={`rounded-xl border bg-white shadow-sm dark:bg-slate-900 ${
        hasErrors ? "border-red-400 dark:border-red-700" : "border-slate-200 dark:border-slate-800"
      }`}
      data-testid="node-card"
    >
      <div className="flex flex-wrap items-center gap-3 px-4 py-3">
        <span
          aria-hidden="true"
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-100 dark:bg-slate-800 dark:text-brand-100 dark:ring-slate-700"
        >
          {index + 1}
        </span>
        <div className="min-w-0 flex-1">
          <h3 id={headingId} className="truncate text-sm font-semibold">
            <span className="sr-only">Node {index + 1}: </span>
            {name}
          </h3>
          <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
            <Badge
              tone={node.step_type === "approval" ? "amber" : node.step_type.includes("_") ? "blue" : "slate"}
            >
              {stepTypeLabels[node.step_type]}
            </Badge>
            {summary(node).join(" · ")}
            {hasErrors ? <Badge tone="red">Needs attention</Badge> : null}
          </p>
        </div>
        <div className="flex items-center gap-1">
          {readOnly ? null : (
            <>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => dispatch({ type: "move_node", uid: node.uid, by: -1 })}
                disabled={index === 0}
                aria-label={`Move ${name} up`}
                title="Move up"
              >
                <span aria-hidden="true">↑</span>
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => dispatch({ type: "move_node", uid: node.uid, by: 1 })}
                disabled={index === count - 1}
                aria-label={`Move ${name} down`}
                title="Move down"
              >
                <span aria-hidden="true">↓</span>
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => dispatch({ type: "remove_node", uid: node.uid })}
                disabled={count === 1}
                aria-label={`Remove ${name}`}
                className="text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
              >
                Remove
              </Button>
            </>
          )}
          <Button size="sm" onClick={onToggle} aria-expanded={open} aria-controls={panelId}>
            {open ? "Collapse" : readOnly ? "Details" : "Edit"}
            <span className="sr-only"> {name}</span>
          </Button>
        </div>
      </div>
      {open ? (
        <fieldset
          id={panelId}
          disabled={readOnly}
          className="grid gap-4 border-t border-slate-100 px-4 py-4 sm:grid-cols-6 dark:border-slate-800"
        >
          <legend className="sr-only">Settings of {name}</legend>
          <Field label="Step name" error={err("step_name")} className="sm:col-span-3">
            {(p) => (
              <input
                {...p}
                value={node.step_name}
                onChange={(e) => update({ step_name: e.target.value })}
                maxLength={200}
                className={controlClass}
              />
            )}
          </Field>
          <Field label="Step type" error={err("step_type")} className="sm:col-span-3">
            {(p) => (
              <select
                {...p}
                value={node.step_type}
                onChange={(e) => update({ step_type: e.target.value as NodeDraft["step_type"] })}
                className={controlClass}
              >
                {stepTypes.map((t) => (
                  <option key={t} value={t}>
                    {stepTypeLabels[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Description" className="sm:col-span-6">
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={node.step_description}
                onChange={(e) => update({ step_description: e.target.value })}
                className={controlClass}
              />
            )}
          </Field>
          <Checkbox
            className="sm:col-span-3"
            label="Auto-start"
            hint="Starts as soon as the previous step completes. Off: waits until someone starts it."
            checked={node.auto_start}
            onChange={(e) => update({ auto_start: e.target.checked })}
          />
          <Checkbox
            className="sm:col-span-3"
            label="Requires human approval"
            hint="Waits for the number of approvals below before it runs; one rejection fails the step."
            checked={node.required_human_approval}
            onChange={(e) =>
              update({
                required_human_approval: e.target.checked,
                number_of_approvals_needed: e.target.checked ? node.number_of_approvals_needed || "1" : "",
              })
            }
          />
          {node.required_human_approval ? (
            <div className="grid gap-4 rounded-lg bg-amber-50/60 p-3 sm:col-span-6 sm:grid-cols-6 dark:bg-amber-950/30">
              <Field
                label="Approvals needed"
                error={err("number_of_approvals_needed")}
                className="sm:col-span-2"
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={50}
                    value={node.number_of_approvals_needed}
                    onChange={(e) => update({ number_of_approvals_needed: e.target.value })}
                    className={controlClass}
                  />
                )}
              </Field>
              <div className="sm:col-span-4">
                <ApproversField
                  value={node.approvers}
                  onChange={(approvers) => update({ approvers })}
                  users={users}
                  error={err("approvers")}
                  disabled={readOnly}
                />
              </div>
            </div>
          ) : null}
          <Field
            label="Delay (seconds)"
            hint="Wait before the step runs."
            error={err("delay_in_seconds")}
            className="sm:col-span-2"
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                placeholder="None"
                value={node.delay_in_seconds}
                onChange={(e) => update({ delay_in_seconds: e.target.value })}
                className={controlClass}
              />
            )}
          </Field>
          <Field
            label="Max retries"
            hint="0–100, with backoff."
            error={err("max_retries")}
            className="sm:col-span-2"
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                value={node.max_retries}
                onChange={(e) => update({ max_retries: e.target.value })}
                className={controlClass}
              />
            )}
          </Field>
          <Field
            label="Timeout (seconds)"
            hint="Per attempt."
            error={err("timeout_seconds")}
            className="sm:col-span-2"
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={1}
                placeholder="None"
                value={node.timeout_seconds}
                onChange={(e) => update({ timeout_seconds: e.target.value })}
                className={controlClass}
              />
            )}
          </Field>
          <JsonField
            label="Handler config (JSON object)"
            hint="Settings for the step's handler, e.g. a webhook URL or a todo title."
            value={node.config}
            onChange={(config) => update({ config })}
            error={err("config")}
            rows={4}
            readOnly={readOnly}
            className="sm:col-span-6 lg:col-span-2"
          />
          <JsonField
            label="IO schema (JSON)"
            hint='{"inputs": [{"name", "type", "required"?, "default"?, "validation"?}], "outputs": […]}; types: string, number, integer, boolean, object, array, any.'
            value={node.io_schema}
            onChange={(io_schema) => update({ io_schema })}
            error={ioError ?? err("io_schema")}
            rows={8}
            readOnly={readOnly}
            className="sm:col-span-6 lg:col-span-4"
          />
        </fieldset>
      ) : null}
    </li>
  );
}

function JsonField({
  label,
  hint,
  value,
  onChange,
  error,
  rows,
  readOnly,
  className,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  rows: number;
  readOnly: boolean;
  className?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(p) => (
        <div className="relative">
          <textarea
            {...p}
            rows={rows}
            spellCheck={false}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className={`${controlClass} font-mono text-xs leading-relaxed`}
          />
          {readOnly ? null : (
            <button
              type="button"
              onClick={() => {
                const formatted = formatJson(value);
                if (formatted !== null) onChange(formatted);
              }}
              className="absolute right-2 top-2 rounded border border-slate-200 bg-white/90 px-1.5 py-0.5 text-[11px] text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-800/90 dark:text-slate-200"
            >
              Format<span className="sr-only"> {label}</span>
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
