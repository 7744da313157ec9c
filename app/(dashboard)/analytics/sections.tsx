import Link from "next/link";
import { getDb } from "@/db/client";
import { analyticsData } from "@/db/queries/analytics";
import { withTenant } from "@/db/tenant";
import { ChartCard } from "@/components/analytics/chart-card";
import {
  channelColor,
  channelLabel,
  formatDay,
  formatInt,
  formatMs,
  formatPercent,
  stepTypeLabel,
} from "@/components/analytics/chart-config";
import { CsvButton } from "@/components/analytics/csv-button";
import { FailureGroupsTable } from "@/components/analytics/failure-groups-table";
import { KpiCards } from "@/components/analytics/kpi-cards";
import {
  ChannelPerformanceChart,
  FailureTrendChart,
  LlmTokensChart,
  NodeStatsChart,
  TierDistributionChart,
  WorkflowSummaryChart,
} from "@/components/analytics/lazy-charts";
import {
  channelTable,
  failureGroupsCsv,
  failureTrendTable,
  llmTable,
  nodeStatsTable,
  tierTable,
  workflowTable,
} from "@/components/analytics/tables";
import type { NodeStatsData } from "@/components/analytics/types";
import { EmptyState } from "@/components/ui/empty-state";
import type { ResolvedRange } from "./search-params";

/** The period's figures: read in one tenant transaction, then handed to the charts as plain data. */
export async function AnalyticsSections({ orgId, range }: { orgId: string; range: ResolvedRange }) {
  const d = await withTenant(getDb().db, orgId, (tx) =>
    analyticsData(tx, orgId, { from: range.from, to: range.to }),
  );
  const period = `${formatDay(range.from)} – ${formatDay(range.toDay)}`;
  if (d.overview.runs === 0 && d.failures.groups.length === 0) {
    return (
      <EmptyState title="No runs in this period">
        Nothing ran between {period}.{" "}
        {range.preset === "90d" ? (
          "Pick another period above."
        ) : (
          <>
            Try a longer period, such as the{" "}
            <Link
              href="/analytics?range=90d"
              className="font-medium text-brand-700 underline dark:text-brand-100"
            >
              last 90 days
            </Link>
            .
          </>
        )}
      </EmptyState>
    );
  }
  const csv = (id: string) => `runledger-${id}-${range.slug}.csv`;
  return (
    <div className="space-y-6">
      <KpiCards overview={d.overview} />

      <ChartCard
        id="channel-performance"
        title="Channel performance"
        description={`Volume, success rate and run duration per ${d.channels.bucket}, by channel.`}
        insight={
          <ul className="flex flex-wrap gap-x-6 gap-y-1" aria-label="Totals per channel">
            {d.channels.totals.map((t, i) => (
              <li key={t.channel} className="flex items-center gap-1.5">
                <span
                  aria-hidden="true"
                  className="size-2 rounded-full"
                  style={{ background: channelColor(t.channel, i) }}
                />
                <span className="font-medium">{channelLabel(t.channel)}</span>
                <span className="tabular-nums text-slate-600 dark:text-slate-400">
                  {formatInt(t.runs)} runs · {formatPercent(t.successRate)} success · p95{" "}
                  {formatMs(t.p95DurationMs)}
                </span>
              </li>
            ))}
          </ul>
        }
        table={channelTable(d.channels)}
        csvName={csv("channel-performance")}
      >
        <ChannelPerformanceChart data={d.channels} />
      </ChartCard>

      <div className="grid gap-6 xl:grid-cols-5">
        <ChartCard
          id="node-stats"
          className="xl:col-span-3"
          title="Node execution statistics"
          description="Per step type: executions, failure rate, p50/p95 duration and retries."
          insight={<Bottleneck nodes={d.nodes} />}
          table={nodeStatsTable(d.nodes)}
          csvName={csv("node-stats")}
          emptyMessage={d.nodes.rows.length ? null : "No step ran to an outcome in this period."}
        >
          <NodeStatsChart data={d.nodes} />
        </ChartCard>
        <ChartCard
          id="tiers"
          className="xl:col-span-2"
          title="Tier distribution"
          description="How runs were processed: rules only, with LLM assist, or with human review."
          table={tierTable(d.tiers)}
          csvName={csv("tiers")}
          emptyMessage={d.tiers.length ? null : "No runs in this period."}
        >
          <TierDistributionChart rows={d.tiers} />
        </ChartCard>
      </div>

      <div className="grid gap-6 xl:grid-cols-5">
        <ChartCard
          id="failure-trend"
          className="xl:col-span-2"
          title="Failed steps over time"
          description="Failed and timed-out steps, stacked by the largest failure groups."
          table={failureTrendTable(d.failures)}
          csvName={csv("failed-steps")}
          emptyMessage={d.failures.groups.length ? null : "No step failed in this period."}
        >
          <FailureTrendChart data={d.failures} />
        </ChartCard>
        <section
          aria-labelledby="failure-groups-title"
          data-testid="card-failure-groups"
          className="flex min-w-0 flex-col xl:col-span-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <header className="mb-3 flex items-start justify-between gap-3">
            <div className="min-w-0 flex-1">
              <h2 id="failure-groups-title" className="text-base font-semibold tracking-tight">
                Failure groups
              </h2>
              <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                Grouped by step and error message, ids and numbers folded. Open a group to see its runs.
              </p>
            </div>
            {d.failures.groups.length ? (
              <CsvButton
                what="failure groups"
                filename={csv("failure-groups")}
                {...failureGroupsCsv(d.failures)}
              />
            ) : null}
          </header>
          {d.failures.groups.length ? (
            <FailureGroupsTable groups={d.failures.groups} rangeQuery={range.query} />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
              No failed steps in this period.
            </p>
          )}
        </section>
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <ChartCard
          id="workflow-summary"
          title="Execution summary per workflow"
          description="Runs by outcome; the table adds success rate, duration, steps and retries."
          table={workflowTable(d.workflows)}
          csvName={csv("workflow-summary")}
          emptyMessage={d.workflows.length ? null : "No runs in this period."}
        >
          <WorkflowSummaryChart rows={d.workflows} />
        </ChartCard>
        <ChartCard
          id="llm-tokens"
          title="LLM token usage by model"
          description={`Tokens per ${d.llm.bucket}, stacked by the model the run used.`}
          insight={
            d.llm.models.length ? (
              <p>
                {d.llm.models
                  .map(
                    (m) =>
                      `${m.model}: ${formatInt(m.tokens)} tokens, ${formatInt(m.avgTokensPerRun)} per run`,
                  )
                  .join(" · ")}
              </p>
            ) : null
          }
          table={llmTable(d.llm)}
          csvName={csv("llm-tokens")}
          emptyMessage={d.llm.models.length ? null : "No run used an LLM in this period."}
        >
          <LlmTokensChart data={d.llm} />
        </ChartCard>
      </div>
    </div>
  );
}

/** The bottleneck in words: the slowest step type and the one that fails most often. */
function Bottleneck({ nodes }: { nodes: NodeStatsData }) {
  const slow = nodes.rows.find((r) => r.stepType === nodes.slowest);
  const failing = nodes.rows.find((r) => r.stepType === nodes.mostFailing);
  if (!slow && !failing) return null;
  return (
    <div
      data-testid="bottleneck"
      className="rounded-lg border-l-4 border-rose-500 bg-rose-50 px-3 py-2 text-rose-950 dark:border-rose-400 dark:bg-rose-950/40 dark:text-rose-100"
    >
      <p className="font-semibold">Bottleneck</p>
      <ul className="mt-0.5 space-y-0.5">
        {slow ? (
          <li>
            <strong>{stepTypeLabel(slow.stepType)}</strong> is the slowest step: p95{" "}
            {formatMs(slow.p95DurationMs)} (p50 {formatMs(slow.p50DurationMs)}) over{" "}
            {formatInt(slow.executions)} executions.
          </li>
        ) : null}
        {failing ? (
          <li>
            <strong>{stepTypeLabel(failing.stepType)}</strong> fails most often:{" "}
            {formatPercent(failing.failureRate)} of {formatInt(failing.executions)} executions (
            {formatInt(failing.failed + failing.timedOut)} failed or timed out, {formatInt(failing.retries)}{" "}
            retries).
          </li>
        ) : null}
      </ul>
    </div>
  );
}
