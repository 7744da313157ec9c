"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, fieldErrors } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { SecretReveal } from "@/components/admin/secret-reveal";
import { Button } from "@/components/ui/button";
import { Checkbox, controlClass, Field, FormError } from "@/components/ui/admin-field";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { type Channel, channels } from "@/db/schema/enums";
import { type ChannelSaveResult, type WorkflowChannel, workflowKeys } from "./queries";

type ChannelsResponse = { workflow_id: string; channels: WorkflowChannel[] };

const channelLabels: Record<Channel, string> = {
  web: "Web",
  voice: "Voice",
  efax: "eFax",
  api: "API",
  email: "Email",
};

const channelNotes: Record<Channel, string> = {
  web: "Runs started from the dashboard.",
  voice: "Calls placed by the voice executor.",
  efax: "Documents received by fax.",
  api: "Runs started or reported over the API.",
  email: "Resumes arriving by e-mail (intake).",
};

/**
 * Per-channel settings of a workflow: whether it runs on the channel, its priority there, and the
 * webhook notified when a run ends (signed with a secret that is shown once).
 */
export function ChannelsClient({ workflowId, canWrite }: { workflowId: string; canWrite: boolean }) {
  const list = useQuery({
    queryKey: workflowKeys.channels(workflowId),
    queryFn: ({ signal }) => api<ChannelsResponse>(`/api/workflows/${workflowId}/channels`, { signal }),
  });
  if (list.isError) return <ListError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <p className="text-sm">Loading channels…</p>;
  const byChannel = new Map(list.data.channels.map((c) => [c.channel, c]));
  return (
    <section aria-labelledby="channels-heading">
      <h2 id="channels-heading" className="text-base font-semibold">
        Channels and webhooks
      </h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Where this workflow runs and, for each channel, the URL told about every finished run. Deliveries are
        signed (Standard Webhooks) with the channel's secret.
      </p>
      <ul className="grid gap-4 lg:grid-cols-2">
        {channels.map((c) => (
          <ChannelCard
            key={c}
            workflowId={workflowId}
            channel={c}
            current={byChannel.get(c) ?? null}
            canWrite={canWrite}
          />
        ))}
      </ul>
    </section>
  );
}

function ChannelCard({
  workflowId,
  channel,
  current,
  canWrite,
}: {
  workflowId: string;
  channel: Channel;
  current: WorkflowChannel | null;
  canWrite: boolean;
}) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const headingId = useId();
  const label = channelLabels[channel];
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [priority, setPriority] = useState(String(current?.priority ?? 0));
  const [webhook, setWebhook] = useState(current?.webhook_url ?? "");
  const [rotate, setRotate] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);

  const save = useMutation({
    mutationFn: (body: {
      enabled: boolean;
      priority: number;
      webhook_url?: string | null;
      rotate_secret?: boolean;
    }) =>
      api<ChannelSaveResult>(`/api/workflows/${workflowId}/channels/${channel}`, {
        method: "PUT",
        json: body,
      }),
    onSuccess: (saved) => {
      setRotate(false);
      setSecret(saved.webhook_secret ?? null);
      setWarnings(saved.warnings ?? []);
      setWebhook(saved.webhook_url ?? "");
      void queryClient.invalidateQueries({ queryKey: workflowKeys.channels(workflowId) });
      void queryClient.invalidateQueries({ queryKey: workflowKeys.detail(workflowId) });
      notify(
        `Saved the ${label} channel`,
        "success",
        saved.webhook_secret ? "A new signing secret was issued; copy it now." : undefined,
      );
    },
    onError: () => notify(`The ${label} channel was not saved`, "error"),
  });

  const errors = fieldErrors(save.error);
  const priorityNumber = Number(priority);
  const priorityError =
    priority.trim() === "" || !Number.isInteger(priorityNumber) || priorityNumber < 0 || priorityNumber > 1000
      ? "A whole number from 0 to 1000"
      : undefined;
  const storedUrl = current?.webhook_url ?? "";
  const trimmed = webhook.trim();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (priorityError) return;
    save.mutate({
      enabled,
      priority: priorityNumber,
      ...(trimmed !== storedUrl ? { webhook_url: trimmed === "" ? null : trimmed } : {}),
      ...(rotate ? { rotate_secret: true } : {}),
    });
  }

  return (
    <li
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid={`channel-${channel}`}
    >
      <form onSubmit={submit} noValidate>
        <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
          <div>
            <h3 id={headingId} className="text-sm font-semibold">
              {label}
            </h3>
            <p className="text-xs text-slate-600 dark:text-slate-400">{channelNotes[channel]}</p>
          </div>
          <div className="flex flex-wrap gap-1.5">
            {current ? (
              current.enabled ? (
                <Badge tone="green">Enabled</Badge>
              ) : (
                <Badge>Disabled</Badge>
              )
            ) : (
              <Badge>Not configured</Badge>
            )}
            {current?.has_webhook_secret ? <Badge tone="blue">Signed webhook</Badge> : null}
          </div>
        </div>
        <fieldset disabled={!canWrite} className="grid gap-4 p-4 sm:grid-cols-3">
          <legend className="sr-only">Settings of the {label} channel</legend>
          <Checkbox
            className="sm:col-span-2 sm:self-center"
            label={`Runs on ${label}`}
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <Field label="Priority" hint="Higher first." error={priorityError ?? errors.priority}>
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={1000}
                value={priority}
                onChange={(e) => setPriority(e.target.value)}
                className={controlClass}
              />
            )}
          </Field>
          <Field
            label="Webhook URL"
            hint={
              storedUrl
                ? "Clear the field and save to remove the webhook and its secret."
                : "https:// URL told about every finished run."
            }
            error={errors.webhook_url}
            className="sm:col-span-3"
          >
            {(p) => (
              <input
                {...p}
                type="url"
                inputMode="url"
                placeholder="https://example.com/hooks/runledger"
                value={webhook}
                onChange={(e) => setWebhook(e.target.value)}
                className={`${controlClass} font-mono text-xs`}
              />
            )}
          </Field>
          {current?.has_webhook_secret && trimmed ? (
            <Checkbox
              className="sm:col-span-3"
              label="Rotate the signing secret"
              hint="Issues a new secret; the old one stops working at once."
              checked={rotate}
              onChange={(e) => setRotate(e.target.checked)}
            />
          ) : null}
        </fieldset>
        <div className="space-y-3 px-4 pb-4">
          {save.error && Object.keys(errors).length === 0 ? (
            <FormError message={save.error instanceof Error ? save.error.message : "Saving failed"} />
          ) : null}
          {warnings.map((w) => (
            <p
              key={w}
              className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
            >
              {w}
            </p>
          ))}
          {secret ? (
            <SecretReveal
              label={`Signing secret for ${label}`}
              secret={secret}
              warning="Copy this signing secret now. It is shown only once; rotate it if it is lost."
              onDone={() => setSecret(null)}
              testId={`webhook-secret-${channel}`}
            />
          ) : null}
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {current ? (
                <>
                  Updated <RelativeTime iso={current.updated_at} />
                </>
              ) : (
                "Uses the defaults until saved."
              )}
            </p>
            {canWrite ? (
              <Button type="submit" size="sm" variant="primary" pending={save.isPending}>
                Save {label}
              </Button>
            ) : null}
          </div>
        </div>
      </form>
    </li>
  );
}
