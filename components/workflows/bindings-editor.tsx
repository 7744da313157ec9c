"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/admin-field";
import {
  type BindingDraft,
  type DraftErrors,
  type EditorAction,
  type NodeDraft,
  parseIoSchema,
} from "./editor-state";

function declared(node: NodeDraft | undefined, list: "inputs" | "outputs"): string[] {
  if (!node) return [];
  const io = parseIoSchema(node.io_schema);
  return "value" in io ? io.value[list].map((f) => f.name) : [];
}

/** Data bindings as rows: an output of one node feeds an input of a later node. */
export function BindingsEditor({
  nodes,
  bindings,
  dispatch,
  errors,
  showErrors,
  readOnly,
}: {
  nodes: NodeDraft[];
  bindings: BindingDraft[];
  dispatch: (action: EditorAction) => void;
  errors: DraftErrors;
  showErrors: boolean;
  readOnly: boolean;
}) {
  const listId = useId();
  const label = (n: NodeDraft, i: number) => `${i + 1}. ${n.step_name.trim() || "Untitled step"}`;
  return (
    <div>
      {bindings.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No bindings. Inputs are filled from the run's inputs by name, then from their defaults.
        </p>
      ) : (
        <ol className="space-y-3">
          {bindings.map((b, i) => {
            const source = nodes.find((n) => n.uid === b.source);
            const target = nodes.find((n) => n.uid === b.target);
            const err = (field: string) => (showErrors ? errors[`bindings.${b.uid}.${field}`] : undefined);
            const rowErrors = ["source", "source_key", "target", "target_key"]
              .map(err)
              .filter((e): e is string => Boolean(e));
            const update = (patch: Partial<Omit<BindingDraft, "uid">>) =>
              dispatch({ type: "update_binding", uid: b.uid, patch });
            const outputs = `${listId}-${b.uid}-out`;
            const inputs = `${listId}-${b.uid}-in`;
            return (
              <li
                key={b.uid}
                className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
                data-testid="binding-row"
              >
                <fieldset
                  disabled={readOnly}
                  className="grid items-end gap-2 sm:grid-cols-2 xl:grid-cols-[1fr_1fr_auto_1fr_1fr_auto]"
                >
                  <legend className="sr-only">Binding {i + 1}</legend>
                  <Cell label="From node" error={err("source")}>
                    {(id, invalid) => (
                      <select
                        id={id}
                        aria-invalid={invalid}
                        value={b.source}
                        onChange={(e) => update({ source: e.target.value })}
                        className={controlClass}
                      >
                        <option value="">Choose…</option>
                        {nodes.map((n, j) => (
                          <option key={n.uid} value={n.uid}>
                            {label(n, j)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Cell>
                  <Cell label="Output" error={err("source_key")}>
                    {(id, invalid) => (
                      <>
                        <input
                          id={id}
                          aria-invalid={invalid}
                          list={outputs}
                          value={b.source_key}
                          placeholder="e.g. matches or result.skills"
                          onChange={(e) => update({ source_key: e.target.value })}
                          className={`${controlClass} font-mono text-xs`}
                        />
                        <datalist id={outputs}>
                          {declared(source, "outputs").map((name) => (
                            <option key={name} value={name} />
                          ))}
                        </datalist>
                      </>
                    )}
                  </Cell>
                  <span aria-hidden="true" className="hidden pb-2 text-slate-400 xl:block">
                    →
                  </span>
                  <Cell label="To node" error={err("target")}>
                    {(id, invalid) => (
                      <select
                        id={id}
                        aria-invalid={invalid}
                        value={b.target}
                        onChange={(e) => update({ target: e.target.value })}
                        className={controlClass}
                      >
                        <option value="">Choose…</option>
                        {nodes.map((n, j) => (
                          <option key={n.uid} value={n.uid}>
                            {label(n, j)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Cell>
                  <Cell label="Input" error={err("target_key")}>
                    {(id, invalid) => (
                      <>
                        <input
                          id={id}
                          aria-invalid={invalid}
                          list={inputs}
                          value={b.target_key}
                          placeholder="input name"
                          onChange={(e) => update({ target_key: e.target.value })}
                          className={`${controlClass} font-mono text-xs`}
                        />
                        <datalist id={inputs}>
                          {declared(target, "inputs").map((name) => (
                            <option key={name} value={name} />
                          ))}
                        </datalist>
                      </>
                    )}
                  </Cell>
                  {readOnly ? null : (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="mb-1 text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                      onClick={() => dispatch({ type: "remove_binding", uid: b.uid })}
                      aria-label={`Remove binding ${i + 1}`}
                    >
                      Remove
                    </Button>
                  )}
                </fieldset>
                {rowErrors.length > 0 ? (
                  <ul className="mt-2 space-y-0.5 text-xs font-medium text-red-700 dark:text-red-400">
                    {rowErrors.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {readOnly ? null : (
        <Button
          className="mt-3"
          onClick={() => dispatch({ type: "add_binding" })}
          disabled={nodes.length < 2}
        >
          Add binding
        </Button>
      )}
    </div>
  );
}

function Cell({
  label,
  error,
  children,
}: {
  label: string;
  error?: string;
  children: (id: string, invalid: boolean | undefined) => React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {children(id, error ? true : undefined)}
    </div>
  );
}
