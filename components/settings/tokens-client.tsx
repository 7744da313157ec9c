"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, fieldErrors, qs } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { SecretReveal } from "@/components/admin/secret-reveal";
import { FilterToggle } from "@/components/admin/toolbar";
import { useOrgUsers, userLabel } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { type ApiTokenRow, type CreatedToken, tokensKey } from "./queries";

const expiryOptions = [
  { value: "", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
];

function tokenState(t: ApiTokenRow): { label: string; tone: "green" | "slate" | "red" | "amber" } {
  if (t.revoked_at) return { label: "Revoked", tone: "red" };
  if (t.expires_at && new Date(t.expires_at).getTime() < Date.now())
    return { label: "Expired", tone: "amber" };
  return { label: "Active", tone: "green" };
}

/** Personal API tokens: create (shown once), list by prefix and last use, revoke. Admins may see all. */
export function TokensClient({ me, canSeeAll }: { me: string; canSeeAll: boolean }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [all, setAll] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenRow | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const users = useOrgUsers(canSeeAll && all);
  const tokens = useQuery({
    queryKey: tokensKey(all),
    queryFn: ({ signal }) =>
      api<{ tokens: ApiTokenRow[] }>(`/api/tokens${qs({ all: all || undefined })}`, { signal }),
  });

  const create = useMutation({
    mutationFn: (body: { name: string; expires_in_days?: number }) =>
      api<CreatedToken>("/api/tokens", { method: "POST", json: body }),
    onSuccess: (t) => {
      setCreated(t);
      notify(`Created token “${t.name}”`, "success", "Copy it now: it is shown only once.");
      void queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (t: ApiTokenRow) => api<undefined>(`/api/tokens/${t.id}`, { method: "DELETE" }),
    onSuccess: (_, t) => {
      notify(`Revoked “${t.name}”`, "success", "Requests with it are refused from now on.");
      setRevoking(null);
      if (created?.id === t.id) setCreated(null);
      void queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const days = String(data.get("expires") ?? "");
    if (!name) {
      setNameError("Name the token after what will use it, e.g. “ATS sync”.");
      return;
    }
    setNameError(null);
    create.mutate({ name, ...(days ? { expires_in_days: Number(days) } : {}) });
    event.currentTarget.reset();
  }

  const rows = tokens.data?.tokens ?? [];
  const serverErrors = fieldErrors(create.error);

  return (
    <div className="space-y-6">
      <Card
        id="new-token"
        title="Create an API token"
        description="Scripts and executors send it as “Authorization: Bearer <token>”. It acts as you, with your role's permissions."
      >
        <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-3">
          <Field label="Token name" error={nameError ?? serverErrors.name} className="w-full sm:w-72">
            {(p) => (
              <input
                {...p}
                name="name"
                maxLength={100}
                placeholder="e.g. ATS sync"
                className={controlClass}
              />
            )}
          </Field>
          <Field label="Expires" className="w-full sm:w-40">
            {(p) => (
              <select {...p} name="expires" defaultValue="90" className={controlClass}>
                {expiryOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" variant="primary" pending={create.isPending} className="sm:mt-6">
            Create token
          </Button>
        </form>
        {create.error && Object.keys(serverErrors).length === 0 ? (
          <div className="mt-3">
            <FormError message={errorMessage(create.error)} />
          </div>
        ) : null}
        {created ? (
          <div className="mt-4">
            <SecretReveal
              label={`New token “${created.name}”`}
              secret={created.token}
              warning="Copy this token now. It is shown only once and cannot be recovered; if it is lost, revoke it and create another."
              onDone={() => setCreated(null)}
              testId="new-token-value"
            />
          </div>
        ) : null}
      </Card>

      <section aria-labelledby="tokens-heading">
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="tokens-heading" className="text-base font-semibold">
              {all ? "All tokens in the organization" : "Your tokens"}
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Only the first characters are kept for telling tokens apart; the token itself is stored as a
              hash.
            </p>
          </div>
          {canSeeAll ? <FilterToggle label="Show everyone's tokens" checked={all} onChange={setAll} /> : null}
        </div>
        {tokens.isError ? (
          <ListError error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.isPending ? (
          <p className="text-sm">Loading tokens…</p>
        ) : rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No API tokens yet.
          </p>
        ) : (
          <TableCard caption="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Prefix</Th>
                {all ? <Th className="hidden lg:table-cell">Owner</Th> : null}
                <Th className="hidden lg:table-cell">Created</Th>
                <Th>Last used</Th>
                <Th className="hidden xl:table-cell">Expires</Th>
                <Th>Status</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <Tbody>
              {rows.map((t) => {
                const state = tokenState(t);
                return (
                  <tr key={t.id} data-testid="token-row">
                    <Td className="font-medium">{t.name}</Td>
                    <Td>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                        {t.prefix}…
                      </code>
                    </Td>
                    {all ? (
                      <Td className="hidden lg:table-cell">
                        {t.user_id === me ? "You" : userLabel(users.data?.users, t.user_id)}
                      </Td>
                    ) : null}
                    <Td className="hidden text-slate-600 lg:table-cell dark:text-slate-400">
                      <RelativeTime iso={t.created_at} />
                    </Td>
                    <Td className="text-slate-600 dark:text-slate-400">
                      {t.last_used_at ? <RelativeTime iso={t.last_used_at} /> : "Never"}
                    </Td>
                    <Td className="hidden text-slate-600 xl:table-cell dark:text-slate-400">
                      {t.expires_at ? <RelativeTime iso={t.expires_at} /> : "Never"}
                    </Td>
                    <Td>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </Td>
                    <Td className="text-right">
                      {state.label === "Revoked" ? null : (
                        <Button
                          size="sm"
                          variant="danger"
                          onClick={() => setRevoking(t)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </TableCard>
        )}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        Anything using the token ({revoking?.prefix}…) gets 401 Unauthorized from its next request. This
        cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
