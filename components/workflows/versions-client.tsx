"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useOrgUsers, userLabel } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { type VersionDetail, type VersionSummary, workflowKeys } from "./queries";
import { diffVersions } from "./version-diff";

type VersionsResponse = { workflow_id: string; versions: VersionSummary[] };

/** A workflow's versions, newest first; each can show what it changed from the one before. */
export function VersionsClient({ workflowId, showNames }: { workflowId: string; showNames: boolean }) {
  const versions = useQuery({
    queryKey: workflowKeys.versions(workflowId),
    queryFn: ({ signal }) => api<VersionsResponse>(`/api/workflows/${workflowId}/versions`, { signal }),
  });
  const users = useOrgUsers(showNames);
  const [open, setOpen] = useState<number | null>(null);

  if (versions.isError) return <ListError error={versions.error} onRetry={() => void versions.refetch()} />;
  if (versions.isPending)
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading versions…</p>;
  const rows = versions.data.versions;
  const latest = rows[0]?.version;

  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="mb-1 text-base font-semibold">
        Versions <span className="font-normal text-slate-500 dark:text-slate-400">({rows.length})</span>
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        Every saved change to the definition is a new version. Runs record the version they started on and
        keep its node settings.
      </p>
      <TableCard caption="Workflow versions">
        <thead>
          <tr>
            <Th>Version</Th>
            <Th>Saved</Th>
            <Th className="hidden sm:table-cell">By</Th>
            <Th className="text-right">Changes</Th>
          </tr>
        </thead>
        <Tbody>
          {rows.map((v) => (
            <VersionRow
              key={v.version}
              workflowId={workflowId}
              version={v}
              latest={v.version === latest}
              by={
                showNames
                  ? userLabel(users.data?.users, v.created_by)
                  : v.created_by
                    ? "A teammate"
                    : "System"
              }
              open={open === v.version}
              onToggle={() => setOpen(open === v.version ? null : v.version)}
            />
          ))}
        </Tbody>
      </TableCard>
    </section>
  );
}

function VersionRow({
  workflowId,
  version,
  latest,
  by,
  open,
  onToggle,
}: {
  workflowId: string;
  version: VersionSummary;
  latest: boolean;
  by: string;
  open: boolean;
  onToggle: () => void;
}) {
  const panelId = useId();
  return (
    <>
      <tr data-testid="version-row">
        <Td>
          <span className="flex items-center gap-2">
            <span className="font-mono text-sm font-medium">v{version.version}</span>
            {latest ? <Badge tone="green">Current</Badge> : null}
          </span>
        </Td>
        <Td className="text-slate-600 dark:text-slate-400">
          <RelativeTime iso={version.created_at} />
        </Td>
        <Td className="hidden sm:table-cell">{by}</Td>
        <Td className="text-right">
          <Button size="sm" onClick={onToggle} aria-expanded={open} aria-controls={panelId}>
            {open ? "Hide" : version.version === 1 ? "Show definition" : "Show changes"}
            <span className="sr-only"> of version {version.version}</span>
          </Button>
        </Td>
      </tr>
      {open ? (
        <tr id={panelId}>
          <td colSpan={4} className="bg-slate-50 px-4 py-3 dark:bg-slate-950/40">
            <VersionChanges workflowId={workflowId} version={version.version} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function VersionChanges({ workflowId, version }: { workflowId: string; version: number }) {
  const wanted = version > 1 ? [version, version - 1] : [version];
  const results = useQueries({
    queries: wanted.map((v) => ({
      queryKey: workflowKeys.version(workflowId, v),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<VersionDetail>(`/api/workflows/${workflowId}/versions/${v}`, { signal }),
      staleTime: Number.POSITIVE_INFINITY, // snapshots never change
    })),
  });
  const failed = results.find((r) => r.isError);
  if (failed)
    return <ListError error={failed.error} onRetry={() => results.forEach((r) => void r.refetch())} />;
  if (results.some((r) => r.isPending)) return <p className="text-sm">Loading…</p>;
  const current = results[0]?.data?.definition;
  const previous = results[1]?.data?.definition;
  const nodes = Array.isArray(current?.nodes) ? (current.nodes as Record<string, unknown>[]) : [];

  if (version === 1 || !previous) {
    return (
      <div className="text-sm">
        <p className="mb-2 font-medium">Initial definition: {nodes.length} nodes</p>
        <ol className="list-decimal space-y-0.5 pl-5 text-slate-700 dark:text-slate-300">
          {nodes.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: snapshot nodes are positional
            <li key={i}>
              {String(n.step_name)}{" "}
              <span className="text-slate-500 dark:text-slate-400">({String(n.step_type)})</span>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const changes = diffVersions(previous, current);
  return (
    <div className="text-sm">
      <p className="mb-2 font-medium">
        Changes from v{version - 1} to v{version}
      </p>
      {changes.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">
          No differences in the definition (saved unchanged).
        </p>
      ) : (
        <ul
          className="list-disc space-y-0.5 pl-5 text-slate-700 dark:text-slate-300"
          data-testid="version-changes"
        >
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
