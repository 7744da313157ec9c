import { ScrollRegion } from "@/components/analytics/scroll-region";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  bucketNouns,
  channelLabel,
  chartThemeClass,
  formatDateTime,
  formatDay,
  formatInt,
  stepTypeLabel,
} from "@/components/analytics/chart-config";
import { CsvButton } from "@/components/analytics/csv-button";
import { RangePicker } from "@/components/analytics/range-picker";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { bucketFor, failureGroupRuns, isGroupKey } from "@/db/queries/analytics";
import { withTenant } from "@/db/tenant";
import { requireUser } from "@/lib/auth/session";
import { rangePresets, resolveRange } from "../../search-params";

export const metadata: Metadata = { title: "Failure group · Analytics" };

type Props = {
  params: Promise<{ groupKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const LIMIT = 500;

/** The runs behind one failure group of the Analytics page, for the same period. */
export default async function FailureGroupPage({ params, searchParams }: Props) {
  const user = await requireUser("analytics:read");
  const { groupKey } = await params;
  if (!isGroupKey(groupKey)) notFound();
  const range = resolveRange(await searchParams);
  const { group, runs, truncated } = await withTenant(getDb().db, user.orgId, (tx) =>
    failureGroupRuns(tx, user.orgId, groupKey, range, LIMIT),
  );
  const period = `${formatDay(range.from)} – ${formatDay(range.toDay)}`;
  const back = `/analytics?${range.query}`;
  return (
    <div className={chartThemeClass}>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <ol className="flex flex-wrap items-center gap-1 text-slate-600 dark:text-slate-400">
          <li>
            <Link href={back} className="text-brand-700 hover:underline dark:text-brand-100">
              Analytics
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page">Failure group</li>
        </ol>
      </nav>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">
          {group ? `Failed steps: ${group.stepName}` : "Failure group"}
        </h1>
        {group ? (
          <>
            <p className="mt-2 break-words rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm dark:bg-slate-800">
              {group.normalizedError}
            </p>
            <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              {[
                ["Step type", stepTypeLabel(group.stepType)],
                ["Failures", formatInt(group.failures)],
                ["Runs", formatInt(group.runs)],
                ["Timeouts", formatInt(group.timeouts)],
                ["First", formatDateTime(group.firstFailedAt)],
                ["Last", formatDateTime(group.lastFailedAt)],
              ].map(([k, v]) => (
                <div key={k} className="flex gap-1.5">
                  <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
                  <dd className="font-medium tabular-nums">{v}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </header>
      <RangePicker
        basePath={`/analytics/failures/${groupKey}`}
        presets={rangePresets}
        active={range.preset}
        fromDay={range.fromDay}
        toDay={range.toDay}
        description={`${period} · per ${bucketNouns[bucketFor(range)]} · UTC`}
      />
      {range.error ? (
        <p role="alert" className="mb-4 text-sm text-amber-800 dark:text-amber-200">
          {range.error}
        </p>
      ) : null}
      {!group ? (
        <EmptyState title="No failures of this group in this period">
          Nothing failed this way between {period}. Try a longer period above, or go{" "}
          <Link href={back} className="font-medium text-brand-700 underline dark:text-brand-100">
            back to Analytics
          </Link>
          .
        </EmptyState>
      ) : (
        <section
          aria-labelledby="runs-title"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <header className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <div>
              <h2 id="runs-title" className="text-base font-semibold tracking-tight">
                Runs
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {truncated
                  ? `The latest ${formatInt(runs.length)} of ${formatInt(group.failures)} failed steps, newest first.`
                  : `${formatInt(runs.length)} failed ${runs.length === 1 ? "step" : "steps"}, newest first.`}
              </p>
            </div>
            <CsvButton
              what="these runs"
              filename={`runledger-failure-group-${groupKey.slice(0, 8)}-${range.slug}.csv`}
              columns={[
                { key: "run", label: "Run" },
                { key: "workflow", label: "Workflow" },
                { key: "channel", label: "Channel" },
                { key: "step_number", label: "Step number" },
                { key: "step", label: "Step" },
                { key: "status", label: "Status" },
                { key: "error", label: "Error" },
                { key: "retries", label: "Retries" },
                { key: "failed_at", label: "Failed at" },
              ]}
              rows={runs.map((r) => ({
                run: r.publicId,
                workflow: r.workflowName,
                channel: r.channel,
                step_number: r.stepNumber,
                step: r.stepName,
                status: r.status,
                error: r.errorMessage,
                retries: r.retries,
                failed_at: r.failedAt,
              }))}
            />
          </header>
          <ScrollRegion label="Runs of this failure group">
            <table className="w-full border-collapse text-left text-sm" data-testid="failure-runs">
              <caption className="sr-only">Runs in which this failure happened</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                <tr>
                  {["Run", "Workflow", "Channel", "Step", "Error", "Retries", "When"].map((h) => (
                    <th
                      key={h}
                      scope="col"
                      className={`whitespace-nowrap px-3 py-2 font-medium ${h === "Retries" ? "text-right" : ""}`}
                    >
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {runs.map((r) => (
                  <tr
                    key={`${r.runId}-${r.stepNumber}`}
                    className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/50"
                  >
                    <th scope="row" className="whitespace-nowrap px-3 py-2 font-medium">
                      <Link
                        href={`/runs/${r.publicId}`}
                        className="font-mono text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {r.publicId}
                      </Link>
                    </th>
                    <td className="whitespace-nowrap px-3 py-2">{r.workflowName ?? "—"}</td>
                    <td className="whitespace-nowrap px-3 py-2">{channelLabel(r.channel)}</td>
                    <td className="whitespace-nowrap px-3 py-2">
                      {r.stepNumber}. {r.stepName}
                      {r.status === "timeout" ? (
                        <span className="ml-1.5 rounded bg-orange-100 px-1.5 py-0.5 text-[11px] font-medium text-orange-800 dark:bg-orange-950 dark:text-orange-200">
                          timeout
                        </span>
                      ) : null}
                    </td>
                    <td className="min-w-64 break-words px-3 py-2 text-slate-700 dark:text-slate-300">
                      {r.errorMessage ?? "—"}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatInt(r.retries)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-400">
                      {formatDateTime(r.failedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      )}
    </div>
  );
}
