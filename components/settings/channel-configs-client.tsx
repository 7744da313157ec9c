"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, errorMessage } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { Button } from "@/components/ui/button";
import { Checkbox, controlClass, Field, FormError } from "@/components/ui/admin-field";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { type ChannelConfigRow, channelConfigsKey } from "./queries";

const labels: Record<ChannelConfigRow["channel"], string> = {
  web: "Web",
  voice: "Voice",
  efax: "eFax",
  api: "API",
  email: "Email",
};

/** Organization-wide settings of each channel: whether it is active and its settings document. */
export function ChannelConfigsClient() {
  const list = useQuery({
    queryKey: channelConfigsKey,
    queryFn: ({ signal }) => api<{ channel_configs: ChannelConfigRow[] }>("/api/channel-configs", { signal }),
  });
  if (list.isError) return <ListError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <p className="text-sm">Loading channels…</p>;
  return (
    <section aria-labelledby="channel-configs-heading">
      <h2 id="channel-configs-heading" className="text-base font-semibold">
        Channels
      </h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Settings shared by every workflow on a channel (executor endpoints, limits). An inactive channel
        accepts no new runs. Versioned run configuration per channel lives on each workflow's Configuration
        tab.
      </p>
      <ul className="grid gap-4 lg:grid-cols-2">
        {list.data.channel_configs.map((c) => (
          <ChannelConfigCard key={`${c.channel}-${c.updated_at ?? "new"}`} row={c} />
        ))}
      </ul>
    </section>
  );
}

function ChannelConfigCard({ row }: { row: ChannelConfigRow }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const headingId = useId();
  const label = labels[row.channel];
  const [active, setActive] = useState(row.is_active);
  const [text, setText] = useState(JSON.stringify(row.config, null, 2));
  const parsed = (() => {
    try {
      const v: unknown = JSON.parse(text);
      return v && typeof v === "object" && !Array.isArray(v)
        ? { value: v as Record<string, unknown> }
        : { error: "Must be a JSON object" };
    } catch (e) {
      return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  const save = useMutation({
    mutationFn: (body: { config: Record<string, unknown>; is_active: boolean }) =>
      api<ChannelConfigRow>(`/api/channel-configs/${row.channel}`, { method: "PUT", json: body }),
    onSuccess: () => {
      notify(`Saved the ${label} channel settings`);
      void queryClient.invalidateQueries({ queryKey: channelConfigsKey });
    },
  });
  return (
    <li
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if ("value" in parsed && parsed.value) save.mutate({ config: parsed.value, is_active: active });
        }}
      >
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h3 id={headingId} className="text-sm font-semibold">
            {label}
          </h3>
          <div className="flex gap-1.5">
            {row.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
            {row.configured ? null : <Badge>Defaults</Badge>}
          </div>
        </div>
        <Checkbox
          label={`${label} channel is active`}
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
        <Field label={`${label} settings (JSON object)`} error={"error" in parsed ? parsed.error : undefined}>
          {(p) => (
            <textarea
              {...p}
              rows={5}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className={`${controlClass} font-mono text-xs`}
            />
          )}
        </Field>
        {save.error ? <FormError message={errorMessage(save.error)} /> : null}
        <div className="flex items-center justify-between gap-2">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {row.updated_at ? (
              <>
                Updated <RelativeTime iso={row.updated_at} />
              </>
            ) : (
              "Never configured"
            )}
          </p>
          <Button
            type="submit"
            size="sm"
            variant="primary"
            pending={save.isPending}
            disabled={"error" in parsed}
          >
            Save {label}
          </Button>
        </div>
      </form>
    </li>
  );
}
