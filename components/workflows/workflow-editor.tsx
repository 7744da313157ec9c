"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { ApiRequestError, api } from "@/components/admin/api";
import { useNotify } from "@/components/admin/notify";
import { useOrgUsers } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { Card } from "@/components/ui/card";
import { stepTypes } from "@/db/schema/enums";
import { BindingsEditor } from "./bindings-editor";
import {
  apiPathToDraftKey,
  basicIoCheck,
  type DraftErrors,
  type IoValidator,
  draftFromWorkflow,
  editorReducer,
  initialDraft,
  stepTypeLabels,
  validateDraft,
  validatorFrom,
  type WorkflowDetail,
} from "./editor-state";
import { NodeCard } from "./node-card";
import { workflowKeys } from "./queries";

type SaveResult = WorkflowDetail & { runs_in_flight?: number };

/**
 * The engine's own IO schema rules, loaded once the page is interactive (zod is ~40 kB the first
 * paint does not need); the shape check stands in until then, and the API checks again on save.
 */
function useIoValidator(): IoValidator {
  const [validator, setValidator] = useState<{ check: IoValidator }>({ check: basicIoCheck });
  useEffect(() => {
    let live = true;
    void import("@/lib/engine/io-schema").then((m) => {
      if (live) setValidator({ check: validatorFrom(m.ioSchemaSchema) });
    });
    return () => {
      live = false;
    };
  }, []);
  return validator.check;
}

/**
 * The node editor for a new workflow (mode "create") or an existing one (mode "edit": every save is a
 * new version). Read-only for roles that cannot write definitions and for deleted workflows.
 */
export function WorkflowEditor({
  workflowId,
  readOnly,
  pickApprovers,
  detailPath,
}: {
  /** Absent: a new workflow. */
  workflowId?: string;
  readOnly: boolean;
  /** Admins pick approvers from the organization's users; others type user ids. */
  pickApprovers: boolean;
  /** The detail URL (with include_deleted for admins). */
  detailPath?: string;
}) {
  const router = useRouter();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: workflowKeys.detail(workflowId ?? "new"),
    queryFn: ({ signal }) => api<WorkflowDetail>(detailPath ?? `/api/workflows/${workflowId}`, { signal }),
    enabled: Boolean(workflowId),
  });
  const users = useOrgUsers(pickApprovers && !readOnly);
  const [state, dispatch] = useReducer(editorReducer, undefined, () =>
    detail.data ? draftFromWorkflow(detail.data) : initialDraft(),
  );
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(detail.data ? [] : state.nodes.map((n) => n.uid)),
  );
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const savedVersion = useRef(detail.data?.version ?? 0);
  const deleted = detail.data?.is_deleted === true;
  const locked = readOnly || deleted;

  // Someone else saved a new version while nothing was edited here: show it.
  useEffect(() => {
    const d = detail.data;
    if (d && d.version !== savedVersion.current && state.revision === 0) {
      savedVersion.current = d.version;
      dispatch({ type: "reset", state: draftFromWorkflow(d) });
    }
  }, [detail.data, state.revision]);

  const validateIo = useIoValidator();
  const checked = useMemo(() => validateDraft(state, validateIo), [state, validateIo]);
  const errors: DraftErrors = { ...(checked.errors ?? {}), ...serverErrors };
  const dirty = state.revision > 0;

  useEffect(() => {
    if (!dirty || locked) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, locked]);

  const save = useMutation({
    mutationFn: (body: NonNullable<typeof checked.body>) =>
      workflowId
        ? api<SaveResult>(`/api/workflows/${workflowId}`, { method: "PUT", json: body })
        : api<SaveResult>("/api/workflows", { method: "POST", json: body }),
    onSuccess: (saved) => {
      setServerErrors({});
      setFormError(null);
      setShowErrors(false);
      void queryClient.invalidateQueries({ queryKey: ["workflows", "list"] });
      if (!workflowId) {
        notify(`Created “${saved.name}”`, "success", "Version 1 is live.");
        router.push(`/workflows/${saved.id}`);
        return;
      }
      const { runs_in_flight: inFlight, ...rest } = saved;
      savedVersion.current = rest.version;
      queryClient.setQueryData(workflowKeys.detail(workflowId), rest);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.versions(workflowId) });
      dispatch({ type: "reset", state: draftFromWorkflow(rest) });
      notify(
        `Saved version ${rest.version}`,
        "success",
        inFlight
          ? `${inFlight} run${inFlight === 1 ? "" : "s"} in flight keep the configuration they started with.`
          : undefined,
      );
    },
    onError: (error) => {
      if (error instanceof ApiRequestError && error.issues.length > 0) {
        const mapped: DraftErrors = {};
        const unmapped: string[] = [];
        for (const issue of error.issues) {
          const key = apiPathToDraftKey(state, issue.path);
          if (key) mapped[key] = issue.message;
          else unmapped.push(`${issue.path}: ${issue.message}`);
        }
        setServerErrors(mapped);
        setShowErrors(true);
        setOpen((s) => new Set([...s, ...Object.keys(mapped).map((k) => k.split(".")[1] ?? "")]));
        setFormError(
          unmapped.length ? `${error.message}: ${unmapped.join("; ")}` : "Fix the highlighted fields.",
        );
      } else {
        setFormError(error instanceof Error ? error.message : "Saving failed");
      }
      notify("The workflow was not saved", "error");
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setServerErrors({});
    if (!checked.body) {
      setShowErrors(true);
      const withErrors = new Set(
        Object.keys(checked.errors ?? {})
          .filter((k) => k.startsWith("nodes."))
          .map((k) => k.split(".")[1] ?? ""),
      );
      setOpen((s) => new Set([...s, ...withErrors]));
      setFormError(`Fix ${Object.keys(checked.errors ?? {}).length} problem(s) before saving.`);
      return;
    }
    setFormError(null);
    save.mutate(checked.body);
  }

  function discard() {
    setServerErrors({});
    setShowErrors(false);
    setFormError(null);
    dispatch({ type: "reset", state: detail.data ? draftFromWorkflow(detail.data) : initialDraft() });
  }

  const [newType, setNewType] = useState<(typeof stepTypes)[number]>("manual");
  const toggle = (uid: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(uid)) next.delete(uid);
      else next.add(uid);
      return next;
    });
  const allOpen = state.nodes.every((n) => open.has(n.uid));

  return (
    <form onSubmit={submit} noValidate className="space-y-6 pb-24" aria-label="Workflow definition">
      <FormError message={formError} />
      <Card title="Details" id="workflow-details" bodyClassName="grid gap-4 p-4">
        <Field label="Name" error={showErrors ? errors.name : undefined} className="max-w-xl">
          {(p) => (
            <input
              {...p}
              value={state.name}
              disabled={locked}
              onChange={(e) => dispatch({ type: "set", field: "name", value: e.target.value })}
              maxLength={200}
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Description">
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={state.description}
              disabled={locked}
              onChange={(e) => dispatch({ type: "set", field: "description", value: e.target.value })}
              className={controlClass}
            />
          )}
        </Field>
      </Card>

      <section aria-labelledby="nodes-heading">
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="nodes-heading" className="text-base font-semibold">
              Nodes{" "}
              <span className="font-normal text-slate-500 dark:text-slate-400">({state.nodes.length})</span>
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Run in this order; each starts when the one before it completes.
            </p>
          </div>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setOpen(allOpen ? new Set() : new Set(state.nodes.map((n) => n.uid)))}
          >
            {allOpen ? "Collapse all" : "Expand all"}
          </Button>
        </div>
        {showErrors && errors.nodes ? <FormError message={errors.nodes} /> : null}
        <ol className="space-y-3">
          {state.nodes.map((node, i) => (
            <NodeCard
              key={node.uid}
              node={node}
              index={i}
              count={state.nodes.length}
              open={open.has(node.uid)}
              onToggle={() => toggle(node.uid)}
              dispatch={dispatch}
              errors={errors}
              showErrors={showErrors}
              readOnly={locked}
              users={pickApprovers ? (users.data?.users ?? null) : null}
              validateIo={validateIo}
            />
          ))}
        </ol>
        {locked ? null : (
          <div className="mt-3 flex flex-wrap items-end gap-2">
            <Field label="New node type" className="w-64">
              {(p) => (
                <select
                  {...p}
                  value={newType}
                  onChange={(e) => setNewType(e.target.value as (typeof stepTypes)[number])}
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
            <Button
              onClick={() => {
                dispatch({ type: "add_node", stepType: newType });
                setOpen((s) => new Set([...s, `n${state.seq}`]));
              }}
            >
              Add node
            </Button>
          </div>
        )}
      </section>

      <section aria-labelledby="bindings-heading">
        <h2 id="bindings-heading" className="text-base font-semibold">
          Data bindings
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          An output of one node becomes an input of a later node. A binding overrides a run input of the same
          name.
        </p>
        <BindingsEditor
          nodes={state.nodes}
          bindings={state.bindings}
          dispatch={dispatch}
          errors={errors}
          showErrors={showErrors}
          readOnly={locked}
        />
      </section>

      {locked ? null : (
        <div className="sticky bottom-0 z-10 -mx-6 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 bg-white/95 px-6 py-3 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {dirty
              ? workflowId
                ? `Unsaved changes · saving creates version ${(detail.data?.version ?? 0) + 1}`
                : "Not saved yet"
              : workflowId
                ? `Version ${detail.data?.version ?? "—"} · no changes`
                : "Not saved yet"}
          </p>
          <div className="flex gap-2">
            {workflowId ? (
              <Button onClick={discard} disabled={!dirty || save.isPending}>
                Discard changes
              </Button>
            ) : null}
            <Button
              type="submit"
              variant="primary"
              pending={save.isPending}
              disabled={Boolean(workflowId) && !dirty}
            >
              {workflowId ? "Save new version" : "Create workflow"}
            </Button>
          </div>
        </div>
      )}
    </form>
  );
}
