"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, errorMessage, qs } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { FilterSelect } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Checkbox, controlClass, Field, FormError } from "@/components/ui/admin-field";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { type Channel, channels } from "@/db/schema/enums";
import { type ActiveConfig, type ConfigVersion, workflowKeys } from "./queries";

type Scope =
  | { scope: "global" }
  | { scope: "channel"; channel: Channel }
  | { scope: "workflow"; workflowId: string };

const scopeQuery = (s: Scope) =>
  qs({
    scope: s.scope,
    channel: s.scope === "channel" ? s.channel : undefined,
    workflow_id: s.scope === "workflow" ? s.workflowId : undefined,
    limit: 20,
  });
const scopeKey = (s: Scope) =>
  workflowKeys.configs(
    s.scope,
    s.scope === "channel" ? s.channel : s.scope === "workflow" ? s.workflowId : "-",
  );

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/**
 * Configuration of a workflow: what a run started now would snapshot (workflow over channel over
 * global), and the versions of each scope, one of which is active. Admins add and activate versions.
 */
export function ConfigClient({ workflowId, canWrite }: { workflowId: string; canWrite: boolean }) {
  const url = useUrlState();
  const raw = url.get("channel");
  const channel: Channel = (channels as readonly string[]).includes(raw) ? (raw as Channel) : "web";
  const effective = useQuery({
    queryKey: workflowKeys.activeConfig(workflowId, channel),
    queryFn: ({ signal }) =>
      api<ActiveConfig>(`/api/workflows/${workflowId}/active-config${qs({ channel })}`, { signal }),
  });

  return (
    <div className="space-y-6">
      <Card
        id="effective-config"
        title="Effective configuration"
        description="What a run of this workflow started now on the chosen channel would snapshot: workflow settings override channel settings, which override global ones."
        actions={
          <FilterSelect
            label="Channel"
            className="w-40"
            value={channel}
            onChange={(v) => url.set({ channel: v === "web" ? null : v })}
            options={channels.map((c) => ({ value: c, label: c }))}
          />
        }
      >
        {effective.isError ? (
          <ListError error={effective.error} onRetry={() => void effective.refetch()} />
        ) : effective.isPending ? (
          <p className="text-sm">Loading…</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
            <dl className="space-y-2 text-sm">
              {(["workflow", "channel", "global"] as const).map((s) => {
                const c = effective.data.configs[s];
                return (
                  <div key={s} className="flex items-center justify-between gap-2">
                    <dt className="text-slate-600 dark:text-slate-400">
                      {s === "channel"
                        ? `Channel (${channel})`
                        : s === "workflow"
                          ? "This workflow"
                          : "Global"}
                    </dt>
                    <dd>{c ? <Badge tone="green">v{c.version} active</Badge> : <Badge>none</Badge>}</dd>
                  </div>
                );
              })}
            </dl>
            <pre
              className="max-h-72 overflow-auto rounded-lg bg-slate-950 p-3 font-mono text-xs text-slate-100"
              data-testid="merged-config"
            >
              {pretty(effective.data.merged)}
            </pre>
          </div>
        )}
      </Card>
      <ScopePanel
        scope={{ scope: "workflow", workflowId }}
        title="This workflow"
        description="Applies to runs of this workflow on every channel."
        canWrite={canWrite}
      />
      <ScopePanel
        scope={{ scope: "channel", channel }}
        title={`Channel: ${channel}`}
        description={`Applies to runs of every workflow on the ${channel} channel.`}
        canWrite={canWrite}
      />
      <ScopePanel
        scope={{ scope: "global" }}
        title="Global"
        description="Applies to every run of the organization unless a channel or workflow setting overrides it."
        canWrite={canWrite}
      />
    </div>
  );
}

function ScopePanel({
  scope,
  title,
  description,
  canWrite,
}: {
  scope: Scope;
  title: string;
  description: string;
  canWrite: boolean;
}) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [viewing, setViewing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const versions = useQuery({
    queryKey: scopeKey(scope),
    queryFn: ({ signal }) =>
      api<{ configs: ConfigVersion[]; total: number }>(`/api/configs${scopeQuery(scope)}`, { signal }),
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["configs"] });
    void queryClient.invalidateQueries({ queryKey: ["workflows", "active-config"] });
  };

  const activate = useMutation({
    mutationFn: (id: string) =>
      api<ConfigVersion & { deactivated: { version: number } | null }>(`/api/configs/${id}/activate`, {
        method: "POST",
      }),
    onSuccess: (c) => {
      notify(
        `Activated ${title.toLowerCase()} v${c.version}`,
        "success",
        c.deactivated ? `v${c.deactivated.version} is no longer active.` : undefined,
      );
      refresh();
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  const rows = versions.data?.configs ?? [];
  const active = rows.find((r) => r.is_active);

  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
        <div>
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{description}</p>
        </div>
        {canWrite ? (
          <Button size="sm" onClick={() => setCreating(true)}>
            New version<span className="sr-only"> of {title}</span>
          </Button>
        ) : null}
      </div>
      <div className="p-4">
        {versions.isError ? (
          <ListError error={versions.error} onRetry={() => void versions.refetch()} />
        ) : versions.isPending ? (
          <p className="text-sm">Loading…</p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No configuration versions for this scope yet.
          </p>
        ) : (
          <TableCard caption={`${title} configuration versions`}>
            <thead>
              <tr>
                <Th>Version</Th>
                <Th>State</Th>
                <Th className="hidden md:table-cell">Created</Th>
                <Th className="hidden md:table-cell">Activated</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <Tbody>
              {rows.map((c) => (
                <ConfigRow
                  key={c.id}
                  config={c}
                  viewing={viewing === c.id}
                  onView={() => setViewing(viewing === c.id ? null : c.id)}
                  canWrite={canWrite}
                  activating={activate.isPending && activate.variables === c.id}
                  onActivate={() => activate.mutate(c.id)}
                  scopeTitle={title}
                />
              ))}
            </Tbody>
          </TableCard>
        )}
      </div>
      {creating ? (
        <NewConfigDialog
          scope={scope}
          title={title}
          initial={active?.config ?? rows[0]?.config ?? {}}
          onClose={() => setCreating(false)}
          onCreated={(c, activated) => {
            setCreating(false);
            notify(
              `Saved ${title.toLowerCase()} v${c.version}`,
              "success",
              activated ? "It is now active." : "Activate it when ready.",
            );
            refresh();
          }}
        />
      ) : null}
    </section>
  );
}

function ConfigRow({
  config,
  viewing,
  onView,
  canWrite,
  activating,
  onActivate,
  scopeTitle,
}: {
  config: ConfigVersion;
  viewing: boolean;
  onView: () => void;
  canWrite: boolean;
  activating: boolean;
  onActivate: () => void;
  scopeTitle: string;
}) {
  const panelId = useId();
  return (
    <>
      <tr>
        <Td>
          <span className="font-mono text-sm">v{config.version}</span>
        </Td>
        <Td>{config.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
        <Td className="hidden text-slate-600 md:table-cell dark:text-slate-400">
          <RelativeTime iso={config.created_at} />
        </Td>
        <Td className="hidden text-slate-600 md:table-cell dark:text-slate-400">
          {config.activated_at ? <RelativeTime iso={config.activated_at} /> : "—"}
        </Td>
        <Td className="text-right">
          <div className="flex justify-end gap-1">
            <Button
              size="sm"
              variant="ghost"
              onClick={onView}
              aria-expanded={viewing}
              aria-controls={panelId}
            >
              {viewing ? "Hide" : "View"}
              <span className="sr-only">
                {" "}
                {scopeTitle} v{config.version}
              </span>
            </Button>
            {canWrite && !config.is_active ? (
              <Button size="sm" onClick={onActivate} pending={activating}>
                Activate
                <span className="sr-only">
                  {" "}
                  {scopeTitle} v{config.version}
                </span>
              </Button>
            ) : null}
          </div>
        </Td>
      </tr>
      {viewing ? (
        <tr id={panelId}>
          <td colSpan={5} className="bg-slate-50 px-4 py-3 dark:bg-slate-950/40">
            <pre className="max-h-64 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100">
              {pretty(config.config)}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function NewConfigDialog({
  scope,
  title,
  initial,
  onClose,
  onCreated,
}: {
  scope: Scope;
  title: string;
  initial: Record<string, unknown>;
  onClose: () => void;
  onCreated: (config: ConfigVersion, activated: boolean) => void;
}) {
  const [text, setText] = useState(pretty(initial));
  const [activateNow, setActivateNow] = useState(true);
  const parsed = (() => {
    try {
      const v: unknown = JSON.parse(text);
      if (!v || typeof v !== "object" || Array.isArray(v)) return { error: "Must be a JSON object" };
      return { value: v as Record<string, unknown> };
    } catch (e) {
      return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  const create = useMutation({
    mutationFn: async (config: Record<string, unknown>) => {
      const created = await api<ConfigVersion>("/api/configs", {
        method: "POST",
        json: {
          scope: scope.scope,
          ...(scope.scope === "channel" ? { channel: scope.channel } : {}),
          ...(scope.scope === "workflow" ? { workflow_id: scope.workflowId } : {}),
          config,
        },
      });
      if (!activateNow) return { created, activated: false };
      await api(`/api/configs/${created.id}/activate`, { method: "POST" });
      return { created, activated: true };
    },
    onSuccess: ({ created, activated }) => onCreated(created, activated),
  });
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`New configuration version: ${title}`}
      description="Saved as the next version of this scope. Runs already started keep the configuration they snapshotted."
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if ("value" in parsed && parsed.value) create.mutate(parsed.value);
        }}
        className="space-y-4"
      >
        <FormError message={create.error ? errorMessage(create.error) : null} />
        <Field label="Configuration (JSON object)" error={"error" in parsed ? parsed.error : undefined}>
          {(p) => (
            <textarea
              {...p}
              rows={12}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className={`${controlClass} font-mono text-xs`}
            />
          )}
        </Field>
        <Checkbox
          label="Activate it now"
          hint="Deactivates the scope's current version."
          checked={activateNow}
          onChange={(e) => setActivateNow(e.target.checked)}
        />
        <DialogActions>
          <Button onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={create.isPending} disabled={"error" in parsed}>
            Save version
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
