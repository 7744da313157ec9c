"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/admin/api";
import { Time } from "@/components/admin/format";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { useWorkflowOptions } from "@/components/admin/workflow-options";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Checkbox, controlClass, Field, FormError } from "@/components/ui/admin-field";
import { Card } from "@/components/ui/card";
import { type OrgSettings, type RetentionReport, settingsKey } from "./queries";

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** Organization settings (retention, private webhooks, e-mail intake) and the retention cleanup. */
export function OrganizationClient() {
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api<OrgSettings>("/api/settings", { signal }),
  });
  if (settings.isError) return <ListError error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending) return <p className="text-sm">Loading settings…</p>;
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <SettingsForm key={settings.data.updated_at ?? "initial"} settings={settings.data} />
      <CleanupCard retentionDays={settings.data.retention_days} />
    </div>
  );
}

function SettingsForm({ settings }: { settings: OrgSettings }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const workflows = useWorkflowOptions(false);
  const [keepForever, setKeepForever] = useState(settings.retention_days === null);
  const [retention, setRetention] = useState(String(settings.retention_days ?? 365));
  const [allowPrivate, setAllowPrivate] = useState(settings.allow_private_webhooks);
  const [intake, setIntake] = useState(settings.intake_workflow_id ?? "");
  const save = useMutation({
    mutationFn: (body: {
      retention_days?: number | null;
      allow_private_webhooks?: boolean;
      intake_workflow_id?: string | null;
    }) => api<OrgSettings>("/api/settings", { method: "PATCH", json: body }),
    onSuccess: (s) => {
      queryClient.setQueryData(settingsKey, s);
      notify("Saved the organization settings");
    },
  });
  const typed = Number(retention);
  const retentionError =
    !keepForever && (!/^\d+$/.test(retention.trim()) || typed < 1 || typed > 36_500)
      ? "A whole number of days from 1 to 36,500"
      : undefined;
  const days = keepForever ? null : typed;
  const preview = useRetentionPreview(days !== settings.retention_days && !retentionError ? days : null);
  const dirty =
    days !== settings.retention_days ||
    allowPrivate !== settings.allow_private_webhooks ||
    intake !== (settings.intake_workflow_id ?? "");
  const errors = fieldErrors(save.error);

  return (
    <Card
      id="org-settings"
      title={settings.name}
      description={`Organization settings · slug ${settings.slug}`}
    >
      <form
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (retentionError || !dirty) return;
          save.mutate({
            ...(days !== settings.retention_days ? { retention_days: days } : {}),
            ...(allowPrivate !== settings.allow_private_webhooks
              ? { allow_private_webhooks: allowPrivate }
              : {}),
            ...(intake !== (settings.intake_workflow_id ?? "") ? { intake_workflow_id: intake || null } : {}),
          });
        }}
      >
        {save.error && Object.keys(errors).length === 0 ? (
          <FormError message={errorMessage(save.error)} />
        ) : null}
        <Checkbox
          label="Keep execution history forever"
          hint="The default. Untick to have the daily cleanup delete finished runs after a number of days."
          checked={keepForever}
          onChange={(e) => setKeepForever(e.target.checked)}
        />
        {keepForever ? null : (
          <Field
            label="Delete finished runs after (days)"
            hint="Finished runs older than this are deleted by the daily cleanup, with their steps, approvals and matches. Runs recorded in the last 30 days (imports) are always kept."
            error={retentionError ?? errors.retention_days}
            className="max-w-xs"
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={1}
                max={36500}
                value={retention}
                onChange={(e) => setRetention(e.target.value)}
                className={controlClass}
              />
            )}
          </Field>
        )}
        {preview.data && days !== null && days !== settings.retention_days ? (
          <p
            role="status"
            data-testid="retention-preview"
            className="text-sm text-amber-800 dark:text-amber-300"
          >
            Saving this deletes <strong>{plural(preview.data.runs, "finished run")}</strong> at the next
            cleanup (older than {plural(days, "day")}).
          </p>
        ) : null}
        <Checkbox
          label="Allow webhooks to private addresses"
          hint="Lets webhook URLs reach loopback and private networks. Leave off unless Runledger runs inside your network."
          checked={allowPrivate}
          onChange={(e) => setAllowPrivate(e.target.checked)}
        />
        <Field
          label="E-mail intake workflow"
          hint="Started for resumes arriving by e-mail. Off: inbound e-mail is refused."
          error={errors.intake_workflow_id}
          className="max-w-md"
        >
          {(p) => (
            <select
              {...p}
              value={intake}
              onChange={(e) => setIntake(e.target.value)}
              className={controlClass}
            >
              <option value="">Off</option>
              {(workflows.data?.workflows ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="flex items-center justify-between gap-3 border-t border-slate-100 pt-4 dark:border-slate-800">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Last changed <Time iso={settings.updated_at} />
          </p>
          <Button
            type="submit"
            variant="primary"
            disabled={!dirty || Boolean(retentionError)}
            pending={save.isPending}
          >
            Save settings
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** How many runs a retention would delete now (GET /api/admin/retention?days=); idle for null. */
function useRetentionPreview(days: number | null) {
  return useQuery({
    queryKey: ["retention-preview", days],
    queryFn: () =>
      api<{ days: number; runs: number }>(`/api/admin/retention?days=${encodeURIComponent(String(days))}`),
    enabled: days !== null,
  });
}

function CleanupCard({ retentionDays }: { retentionDays: number | null }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const run = useMutation({
    mutationFn: () => api<RetentionReport>("/api/admin/retention", { method: "POST" }),
    onSuccess: (r) => {
      setConfirming(false);
      notify(
        "Cleanup finished",
        "success",
        `${plural(r.runs, "run")} and ${plural(r.steps, "step")} deleted.`,
      );
      void queryClient.invalidateQueries({ queryKey: ["audit"] });
    },
    onError: (error) => {
      setConfirming(false);
      notify(errorMessage(error), "error");
    },
  });
  const report = run.data;
  return (
    <Card
      id="retention-cleanup"
      title="Retention cleanup"
      description="Runs by itself every day. Run it now after lowering the retention, or to free space at once."
    >
      <p className="text-sm">
        {retentionDays === null ? (
          <>
            History is kept forever: the cleanup deletes no runs, only expired agent cache entries and
            idempotency keys.
          </>
        ) : (
          <>
            Deletes finished runs older than <strong>{plural(retentionDays, "day")}</strong>, expired agent
            cache entries and idempotency keys. Runs still in progress are never deleted.
          </>
        )}
      </p>
      <Button className="mt-4" variant="danger" onClick={() => setConfirming(true)} pending={run.isPending}>
        Run cleanup now
      </Button>
      {report ? (
        <section aria-label="Cleanup result" className="mt-5" data-testid="cleanup-report">
          <h3 className="mb-2 text-sm font-semibold">
            Last cleanup:{" "}
            {report.retention_days === null
              ? "history kept forever"
              : `${report.retention_days}-day retention`}
          </h3>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["Runs", report.runs],
                ["Steps", report.steps],
                ["Cache entries", report.cache_entries],
                ["Idempotency keys", report.idempotency_keys],
              ] as const
            ).map(([label, n]) => (
              <div key={label} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
                <dt className="text-xs text-slate-600 dark:text-slate-400">{label} deleted</dt>
                <dd className="text-xl font-semibold tabular-nums">{n.toLocaleString("en")}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Run the retention cleanup now?"
        confirmLabel="Delete old history"
        pending={run.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => run.mutate()}
      >
        {retentionDays === null
          ? "No run is deleted while history is kept forever; expired cache entries and idempotency keys are."
          : `Finished runs older than ${plural(retentionDays, "day")} are deleted for good, with their steps, approvals and match results.`}{" "}
        The audit log keeps a record of the cleanup.
      </ConfirmDialog>
    </Card>
  );
}
