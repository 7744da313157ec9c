"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, qs } from "@/components/admin/api";
import { Time } from "@/components/admin/format";
import { ListError, LoadMore } from "@/components/admin/list-states";
import { useUrlState } from "@/components/admin/url-state";
import { useOrgUsers, userLabel } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/admin-field";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import {
  AUDIT_PAGE_SIZE,
  type AuditEntry,
  type AuditFilters,
  type AuditPage,
  auditFilterNames,
  auditKey,
  endOfDay,
} from "./queries";

const resourceTypes = [
  "workflow_run",
  "workflow_run_step",
  "workflow",
  "workflow_config",
  "channel_config",
  "job_description",
  "resume",
  "interview",
  "todo",
  "user",
  "api_token",
  "organization",
  "saved_view",
  "inbound_email",
];

/** The audit log, newest first, filtered in the URL, paged by keyset cursor ("Load more"). */
export function AuditClient() {
  const url = useUrlState();
  const filters = Object.fromEntries(auditFilterNames.map((n) => [n, url.get(n)])) as AuditFilters;
  const users = useOrgUsers(true);
  const [expanded, setExpanded] = useState<string | null>(null);
  const formKey = auditFilterNames.map((n) => filters[n]).join("|");

  const list = useInfiniteQuery({
    queryKey: auditKey(filters),
    queryFn: ({ pageParam, signal }) =>
      api<AuditPage>(
        `/api/audit${qs({
          action: filters.action,
          resource_type: filters.resource_type,
          resource_id: filters.resource_id,
          user_id: filters.user_id,
          from: filters.from,
          to: endOfDay(filters.to),
          success: filters.success,
          cursor: pageParam,
          limit: AUDIT_PAGE_SIZE,
        })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

  const rows = list.data?.pages.flatMap((p) => p.entries) ?? [];
  const total = list.data?.pages[0]?.total ?? null;
  const active = auditFilterNames.filter((n) => filters[n]).length;

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="text-base font-semibold">
        Audit log
      </h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Who did what to which resource, from where, and whether it succeeded. Entries are never edited.
      </p>
      <form
        key={formKey}
        aria-label="Filter the audit log"
        className="mb-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          url.set(Object.fromEntries(auditFilterNames.map((n) => [n, String(data.get(n) ?? "").trim()])));
        }}
      >
        <Field label="Action" hint="e.g. workflow.update or workflow.*">
          {(p) => (
            <input
              {...p}
              name="action"
              defaultValue={filters.action}
              className={`${controlClass} font-mono text-xs`}
            />
          )}
        </Field>
        <Field label="Resource type">
          {(p) => (
            <select {...p} name="resource_type" defaultValue={filters.resource_type} className={controlClass}>
              <option value="">Any</option>
              {resourceTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Resource id" hint="A uuid, WF-… or JD-…">
          {(p) => (
            <input
              {...p}
              name="resource_id"
              defaultValue={filters.resource_id}
              className={`${controlClass} font-mono text-xs`}
            />
          )}
        </Field>
        <Field label="User">
          {(p) => (
            <select {...p} name="user_id" defaultValue={filters.user_id} className={controlClass}>
              <option value="">Anyone</option>
              {(users.data?.users ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From (day)">
          {(p) => (
            <input {...p} type="date" name="from" defaultValue={filters.from} className={controlClass} />
          )}
        </Field>
        <Field label="To (day, inclusive)">
          {(p) => <input {...p} type="date" name="to" defaultValue={filters.to} className={controlClass} />}
        </Field>
        <Field label="Outcome">
          {(p) => (
            <select {...p} name="success" defaultValue={filters.success} className={controlClass}>
              <option value="">Any</option>
              <option value="true">Succeeded</option>
              <option value="false">Failed</option>
            </select>
          )}
        </Field>
        <div className="flex items-end gap-2">
          <Button type="submit" variant="primary">
            Apply filters
          </Button>
          {active ? (
            <Button onClick={() => url.set(Object.fromEntries(auditFilterNames.map((n) => [n, null])))}>
              Clear ({active})
            </Button>
          ) : null}
        </div>
      </form>

      {list.isError ? (
        <ListError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <p className="text-sm">Loading the audit log…</p>
      ) : rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No entries match these filters.
        </p>
      ) : (
        <>
          <TableCard caption="Audit log entries">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Action</Th>
                <Th className="hidden md:table-cell">Resource</Th>
                <Th className="hidden sm:table-cell">Who</Th>
                <Th>Outcome</Th>
                <Th className="text-right">Details</Th>
              </tr>
            </thead>
            <Tbody>
              {rows.map((e) => (
                <AuditRow
                  key={e.id}
                  entry={e}
                  who={userLabel(users.data?.users, e.user_id)}
                  open={expanded === e.id}
                  onToggle={() => setExpanded(expanded === e.id ? null : e.id)}
                />
              ))}
            </Tbody>
          </TableCard>
          <LoadMore
            shown={rows.length}
            total={total}
            noun="entries"
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}
    </section>
  );
}

function AuditRow({
  entry,
  who,
  open,
  onToggle,
}: {
  entry: AuditEntry;
  who: string;
  open: boolean;
  onToggle: () => void;
}) {
  const panelId = useId();
  return (
    <>
      <tr data-testid="audit-row">
        <Td className="text-slate-600 dark:text-slate-400">
          <Time iso={entry.created_at} />
        </Td>
        <Td>
          <code className="text-xs">{entry.action}</code>
        </Td>
        <Td className="hidden max-w-xs md:table-cell">
          <div className="text-xs">{entry.resource_type}</div>
          {entry.resource_id ? (
            <div
              className="truncate font-mono text-xs text-slate-600 dark:text-slate-400"
              title={entry.resource_id}
            >
              {entry.resource_id}
            </div>
          ) : null}
        </Td>
        <Td className="hidden sm:table-cell">
          {entry.user_id ? who : "System"}
          {entry.api_token_id ? (
            <div className="text-xs text-slate-600 dark:text-slate-400">via API token</div>
          ) : null}
        </Td>
        <Td>{entry.success ? <Badge tone="green">Succeeded</Badge> : <Badge tone="red">Failed</Badge>}</Td>
        <Td className="text-right">
          <Button size="sm" variant="ghost" onClick={onToggle} aria-expanded={open} aria-controls={panelId}>
            {open ? "Hide" : "Show"}
            <span className="sr-only"> details of {entry.action}</span>
          </Button>
        </Td>
      </tr>
      {open ? (
        <tr id={panelId}>
          <td colSpan={6} className="bg-slate-50 px-4 py-3 text-xs dark:bg-slate-950/40">
            <dl className="mb-2 grid gap-x-4 gap-y-1 sm:grid-cols-[8rem_1fr]">
              <dt className="font-medium">IP address</dt>
              <dd className="font-mono">{entry.ip_address ?? "—"}</dd>
              <dt className="font-medium">User agent</dt>
              <dd className="break-all">{entry.user_agent ?? "—"}</dd>
            </dl>
            <pre className="max-h-64 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-slate-100">
              {JSON.stringify(entry.details, null, 2)}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
