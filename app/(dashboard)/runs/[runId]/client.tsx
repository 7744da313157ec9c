"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { AgentCards } from "@/components/runs/agent-cards";
import { EventLog } from "@/components/runs/event-log";
import { ResultsTable } from "@/components/runs/results-table";
import {
  ApprovalDialog,
  canDecide,
  RunActions,
  StepActions,
  type Viewer,
} from "@/components/runs/run-actions";
import { StepTimeline } from "@/components/runs/step-timeline";
import { RunStatusBadge, StepStatusBadge } from "@/components/runs/status-badge";
import { type StreamState, useRunStream } from "@/components/runs/use-run-stream";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { JsonDetails } from "@/components/ui/json-details";
import { ProgressBar } from "@/components/ui/progress-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import { api, errorMessage, HttpError } from "@/lib/ui/http";
import {
  channelLabels,
  isTerminalRunStatus,
  type RunDocument,
  type RunStep,
  runQueryKey,
  safeHref,
} from "@/lib/ui/runs";
import { formatDuration } from "@/lib/ui/time";

const streamLabels: Record<StreamState, { text: string; dot: string }> = {
  connecting: { text: "Connecting…", dot: "bg-slate-400" },
  live: { text: "Live", dot: "bg-emerald-500 animate-pulse" },
  reconnecting: { text: "Reconnecting…", dot: "bg-amber-500 animate-pulse" },
  polling: { text: "Updating every 2 s", dot: "bg-amber-500" },
  ended: { text: "Final", dot: "bg-slate-400" },
};

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 truncate text-sm font-medium">{children}</dd>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2 dark:bg-slate-800/60">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function LlmBlock({
  llm,
  title,
}: {
  llm: { model: string | null; tokens_used: number | null; prompt: string | null; response: string | null };
  title: string;
}) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-slate-600 dark:text-slate-400">
          Model <span className="font-mono text-slate-900 dark:text-slate-100">{llm.model ?? "—"}</span>
        </span>
        <span className="text-slate-600 dark:text-slate-400">
          Tokens{" "}
          <span className="tabular-nums text-slate-900 dark:text-slate-100">{llm.tokens_used ?? "—"}</span>
        </span>
      </div>
      {llm.prompt ? <JsonDetails summary="Prompt" value={llm.prompt} /> : null}
      {llm.response ? <JsonDetails summary="Response" value={llm.response} /> : null}
    </div>
  );
}

function StepDetails({ step, runId, viewer }: { step: RunStep; runId: string; viewer: Viewer }) {
  return (
    <details
      className="group rounded-lg border border-slate-200 dark:border-slate-800"
      data-testid="step-details"
    >
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/60">
        <span className="w-5 text-right text-xs text-slate-600 dark:text-slate-400 tabular-nums">
          {step.step_number}
        </span>
        <span className="font-medium">{step.step_name}</span>
        <StepStatusBadge status={step.status} />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {step.step_type.replaceAll("_", " ")}
          {step.attempt > 1 ? ` · attempt ${step.attempt}` : ""}
          {step.duration_ms !== null ? ` · ${formatDuration(step.duration_ms)}` : ""}
        </span>
      </summary>
      <div className="space-y-3 border-t border-slate-100 p-3 dark:border-slate-800">
        {step.step_description ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{step.step_description}</p>
        ) : null}
        <StepActions runId={runId} step={step} viewer={viewer} />
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <Meta label="Started">
            <RelativeTime iso={step.started_at} />
          </Meta>
          <Meta label="Completed">
            <RelativeTime iso={step.completed_at} />
          </Meta>
          <Meta label="Retries">
            {step.retry_count} of {step.max_retries}
          </Meta>
          <Meta label="Timeout">
            {step.timeout_seconds ? formatDuration(step.timeout_seconds * 1000) : "—"}
          </Meta>
          {step.required_human_approval ? (
            <Meta label="Approvals">
              {step.approvals.filter((a) => a.decision === "approved").length} of{" "}
              {step.number_of_approvals_needed ?? 1}
            </Meta>
          ) : null}
          {step.delay_in_seconds ? (
            <Meta label="Delay">{formatDuration(step.delay_in_seconds * 1000)}</Meta>
          ) : null}
          {step.total_items ? (
            <Meta label="Items">
              {step.processed_items} / {step.total_items}
            </Meta>
          ) : null}
        </dl>
        {step.approvals.length ? (
          <ul className="space-y-1 text-sm">
            {step.approvals.map((a) => (
              <li key={`${a.user_id}-${a.at}`} className="flex flex-wrap gap-2">
                <StepStatusBadge status={a.decision === "approved" ? "completed" : "failed"} />
                <span>{a.decision}</span>
                {a.comment ? <span className="text-slate-600 dark:text-slate-400">“{a.comment}”</span> : null}
                <RelativeTime iso={a.at} className="text-xs text-slate-600 dark:text-slate-400" />
              </li>
            ))}
          </ul>
        ) : null}
        {step.error_message ? (
          <div className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
            {step.error_message}
          </div>
        ) : null}
        <div className="grid gap-2 lg:grid-cols-2">
          <JsonDetails summary="Input" value={step.input_data} />
          <JsonDetails summary="Output" value={step.output_data} />
          {step.error_details ? <JsonDetails summary="Error details" value={step.error_details} /> : null}
          {Object.keys(step.metadata ?? {}).length ? (
            <JsonDetails summary="Metadata" value={step.metadata} />
          ) : null}
        </div>
        {step.screenshots.length ? (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">Screenshots</p>
            <ul className="flex flex-wrap gap-2 text-xs">
              {step.screenshots.map((s, i) => {
                const href = safeHref(s.url);
                const label = typeof s.action === "string" ? s.action : `Screenshot ${i + 1}`;
                return (
                  <li key={`${String(s.url)}-${String(s.timestamp)}`}>
                    {href ? (
                      <a
                        href={href}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-brand-700 underline dark:text-brand-100"
                      >
                        {label}
                      </a>
                    ) : (
                      <span>{label}</span>
                    )}{" "}
                    <RelativeTime
                      iso={typeof s.timestamp === "string" ? s.timestamp : null}
                      className="text-slate-600 dark:text-slate-400"
                    />
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        {step.llm ? <LlmBlock llm={step.llm} title="LLM call" /> : null}
      </div>
    </details>
  );
}

function Pending({ run, viewer }: { run: RunDocument; viewer: Viewer }) {
  const [open, setOpen] = useState<RunStep | null>(null);
  const mine = run.steps.filter((s) => canDecide(s, viewer));
  const waiting = run.steps.filter((s) => s.status === "waiting_approval" || s.status === "waiting_manual");
  if (!waiting.length) return null;
  return (
    <div
      role="status"
      className="mb-5 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm dark:border-amber-800 dark:bg-amber-950/40"
    >
      <p className="text-amber-950 dark:text-amber-100">
        {waiting.map((s) => (
          <span key={s.step_number} className="mr-3 inline-block">
            Step {s.step_number} <strong>{s.step_name}</strong> is{" "}
            {s.status === "waiting_approval" ? "waiting for approval" : "waiting for a manual start"}.
          </span>
        ))}
      </p>
      <div className="flex gap-2">
        {mine.map((s) => (
          <Button key={s.step_number} variant="primary" size="sm" onClick={() => setOpen(s)}>
            Review step {s.step_number}
          </Button>
        ))}
        {waiting
          .filter((s) => s.status === "waiting_manual")
          .map((s) => (
            <StepActions key={s.step_number} runId={run.workflow_id} step={s} viewer={viewer} />
          ))}
      </div>
      {open ? <ApprovalDialog runId={run.workflow_id} step={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

export function RunDetailClient({ runId, viewer }: { runId: string; viewer: Viewer }) {
  const qc = useQueryClient();
  // read the cache first: the stream and the polling interval both depend on whether the run is open
  const cached = qc.getQueryData<RunDocument>(runQueryKey(runId));
  const open = Boolean(cached && !isTerminalRunStatus(cached.status));
  const stream = useRunStream(runId, open);
  const polling = stream === "polling" || stream === "reconnecting";
  const query = useQuery({
    queryKey: runQueryKey(runId),
    queryFn: ({ signal }) =>
      api<RunDocument>(`/api/workflow/executions/${encodeURIComponent(runId)}`, { signal }),
    // SSE keeps the page current; polling is the fallback, and a slow safety net while live
    refetchInterval: open ? (polling ? 2000 : 30_000) : false,
  });
  const run = query.data;

  if (!run) {
    const notFound = query.error instanceof HttpError && query.error.status === 404;
    return (
      <div
        role="alert"
        className="rounded-xl border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/50"
      >
        <p className="font-medium">{notFound ? "Run not found" : "Could not load this run"}</p>
        <p className="mt-1 text-sm">{errorMessage(query.error)}</p>
      </div>
    );
  }

  const title = run.title ?? run.jd_title ?? run.workflow?.name ?? "Untitled run";
  const metrics = run.metrics ?? {};
  const results = run.results ?? {};
  const live = streamLabels[stream];
  const stepLlm = run.steps.filter((s) => s.llm);
  const pct = run.progress.percentage ?? 0;
  return (
    <div data-testid="run-detail" data-status={run.status}>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/runs" className="hover:underline">
          Runs
        </Link>{" "}
        / <span className="font-mono">{run.workflow_id}</span>
      </nav>
      <header className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
            <RunStatusBadge status={run.status} />
            <span
              className="inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400"
              data-testid="stream-state"
              data-state={stream}
            >
              <span aria-hidden="true" className={`h-2 w-2 rounded-full ${live.dot}`} />
              {live.text}
            </span>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <RunActions run={run} viewer={viewer} />
        </div>
      </header>

      <Pending run={run} viewer={viewer} />

      {run.error ? (
        <div
          role="alert"
          className="mb-5 rounded-xl border border-red-300 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950/50"
        >
          <p className="font-medium text-red-900 dark:text-red-100">
            This run {run.status === "timeout" ? "timed out" : "failed"}
          </p>
          <p className="mt-1 text-sm text-red-800 dark:text-red-200">{run.error}</p>
          {run.error_details ? (
            <div className="mt-2">
              <JsonDetails summary="Error details" value={run.error_details} />
            </div>
          ) : null}
        </div>
      ) : null}

      <Card className="mb-5" bodyClassName="p-4 space-y-4">
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Meta label="Job">
            {run.jd_id ? (
              <span>
                {run.jd_title ?? "—"}{" "}
                <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{run.jd_id}</span>
              </span>
            ) : (
              (run.jd_title ?? "—")
            )}
          </Meta>
          <Meta label="Started by">{run.started_by_name ?? "—"}</Meta>
          <Meta label="Started">
            <RelativeTime iso={run.started_at ?? run.created_at} />
          </Meta>
          <Meta label="Duration">
            {run.duration_ms !== null ? formatDuration(run.duration_ms) : open ? "running…" : "—"}
          </Meta>
          <Meta label="Channel">{channelLabels[run.channel] ?? run.channel}</Meta>
          <Meta label="Workflow">
            {run.workflow ? `${run.workflow.name ?? "Workflow"} v${run.workflow.version ?? "?"}` : "—"}
          </Meta>
        </dl>
        <div>
          <div className="mb-1 flex items-center justify-between text-xs text-slate-600 dark:text-slate-400">
            <span>
              {run.progress.completed_steps} of {run.progress.total_steps} steps
              {run.total_resumes ? ` · ${run.processed_resumes} of ${run.total_resumes} resumes` : ""}
            </span>
            <span className="tabular-nums">{Math.round(pct)}%</span>
          </div>
          <ProgressBar
            value={pct}
            max={100}
            label="Run progress"
            tone={
              run.status === "failed" || run.status === "timeout"
                ? "red"
                : run.status === "completed"
                  ? "green"
                  : "brand"
            }
          />
        </div>
        {run.rerun_of ||
        run.reruns.length ||
        run.source !== "engine" ||
        run.tier !== null ||
        run.force_reprocess ? (
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            {run.rerun_of ? (
              <span data-testid="rerun-of">
                Rerun of{" "}
                <Link href={`/runs/${run.rerun_of}`} className="text-brand-700 underline dark:text-brand-100">
                  {run.rerun_of}
                </Link>
              </span>
            ) : null}
            {run.reruns.length ? (
              <span data-testid="reruns">
                Rerun as{" "}
                {run.reruns.map((id, i) => (
                  <span key={id}>
                    {i ? ", " : ""}
                    <Link href={`/runs/${id}`} className="text-brand-700 underline dark:text-brand-100">
                      {id}
                    </Link>
                  </span>
                ))}
              </span>
            ) : null}
            {run.source !== "engine" ? <span>Source: {run.source}</span> : null}
            {run.tier !== null ? (
              <span>
                Tier {run.tier}
                {run.tier_reason ? ` — ${run.tier_reason}` : ""}
              </span>
            ) : null}
            {run.force_reprocess ? <span>Force reprocess on</span> : null}
          </p>
        ) : null}
      </Card>

      {run.agents.length ? (
        <section aria-labelledby="agents-title" className="mb-5">
          <h2 id="agents-title" className="mb-2 text-sm font-semibold">
            Agents
          </h2>
          <AgentCards agents={run.agents} />
        </section>
      ) : null}

      {run.matches.length || Object.keys(results).length ? (
        <Card
          id="results"
          title="Ranked candidates"
          description={`${run.matches.length} candidate${run.matches.length === 1 ? "" : "s"} scored against the job`}
          className="mb-5"
        >
          <dl className="mb-3 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-6">
            <Stat
              label="Candidates"
              value={num(metrics.total_candidates) ?? (run.total_resumes || run.matches.length)}
            />
            <Stat
              label="Match rate"
              value={num(metrics.match_rate) !== null ? `${num(metrics.match_rate)}%` : "—"}
            />
            <Stat label="Excellent" value={num(results.excellent_matches) ?? 0} />
            <Stat label="Good" value={num(results.good_matches) ?? 0} />
            <Stat label="Average" value={num(results.average_matches) ?? 0} />
            <Stat label="Poor" value={num(results.poor_matches) ?? 0} />
          </dl>
          {run.matches.length ? (
            <ResultsTable matches={run.matches} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              No candidate scores were recorded for this run.
            </p>
          )}
        </Card>
      ) : null}

      <Card
        id="timeline"
        className="mb-5"
        title="Timeline"
        description="Each bar is a step; colours show where its time went — queueing, waits, delays, attempts."
      >
        <StepTimeline steps={run.steps} live={open} />
      </Card>
      <Card
        id="events"
        className="mb-5"
        title="Event log"
        description="Every transition of every step, newest first."
      >
        <EventLog steps={run.steps} />
      </Card>

      <Card id="steps" title="Steps" className="mb-5" bodyClassName="space-y-2 p-4">
        {run.steps.map((s) => (
          <StepDetails key={s.step_number} step={s} runId={run.workflow_id} viewer={viewer} />
        ))}
      </Card>

      {run.llm || stepLlm.length ? (
        <Card
          id="llm"
          title="LLM"
          description="Model calls made for this run."
          className="mb-5"
          bodyClassName="space-y-4 p-4"
        >
          {run.llm ? <LlmBlock llm={run.llm} title="Run" /> : null}
          {stepLlm.map((s) =>
            s.llm ? (
              <LlmBlock key={s.step_number} llm={s.llm} title={`Step ${s.step_number}: ${s.step_name}`} />
            ) : null,
          )}
        </Card>
      ) : null}

      <div className="grid gap-3 lg:grid-cols-2">
        <JsonDetails summary="Context" value={run.context} />
        <JsonDetails summary="Configuration snapshot" value={run.config_snapshot} />
        <JsonDetails summary="Inputs" value={run.inputs} />
        <JsonDetails summary="Endpoints used" value={run.endpoints_used} />
      </div>
      {open && stream === "polling" ? (
        <p className="mt-4 text-xs text-slate-600 dark:text-slate-400">
          Live updates are unavailable right now; this page refreshes every 2 seconds and reconnects on its
          own.
        </p>
      ) : null}
    </div>
  );
}
