import { ProgressBar } from "@/components/ui/progress-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import { agentById } from "@/lib/steps/registry";
import type { RunAgent } from "@/lib/ui/runs";
import { formatDuration } from "@/lib/ui/time";
import { StepStatusBadge } from "./status-badge";

const AGENT_ORDER = ["resume-extractor", "jd-reader", "resume-reader", "hr-comparator"];

function AgentCard({ agent, index }: { agent: RunAgent; index: number }) {
  const label = agentById(agent.agent_id) ?? { name: agent.agent_id, does: "" };
  const running = agent.status === "running";
  const done = agent.status === "completed";
  const failed = agent.status === "failed" || agent.status === "timeout";
  const total = agent.total || 0;
  const processed = done && total === 0 ? 1 : agent.processed;
  const max = done && total === 0 ? 1 : total;
  return (
    <li
      className={`relative flex flex-col rounded-xl border bg-white p-4 shadow-sm dark:bg-slate-900 ${
        running
          ? "border-brand-500 ring-2 ring-brand-500/20"
          : failed
            ? "border-red-300 dark:border-red-800"
            : "border-slate-200 dark:border-slate-800"
      }`}
      data-testid="agent-card"
      data-agent={agent.agent_id}
      data-status={agent.status}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
            Agent {index + 1}
          </p>
          <h3 className="font-semibold leading-tight">{label.name}</h3>
        </div>
        <StepStatusBadge status={agent.status} />
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{label.does}</p>
      <div className="mt-4">
        <ProgressBar
          value={processed}
          max={max}
          label={`${label.name} progress`}
          tone={failed ? "red" : done ? "green" : "brand"}
        />
        <div className="mt-1.5 flex items-center justify-between text-xs text-slate-600 tabular-nums dark:text-slate-400">
          <span data-testid="agent-progress">
            {total > 0 ? `${agent.processed} / ${total}` : done ? "Done" : "—"}
          </span>
          <span>
            {agent.duration_ms !== null ? (
              formatDuration(agent.duration_ms)
            ) : agent.started_at ? (
              <>
                started <RelativeTime iso={agent.started_at} />
              </>
            ) : (
              "not started"
            )}
          </span>
        </div>
      </div>
      {agent.attempt > 1 ? (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">Attempt {agent.attempt}</p>
      ) : null}
      {agent.error ? (
        <p className="mt-2 line-clamp-3 text-xs text-red-700 dark:text-red-300" title={agent.error}>
          {agent.error}
        </p>
      ) : null}
    </li>
  );
}

export function AgentCards({ agents }: { agents: RunAgent[] }) {
  const sorted = [...agents].sort(
    (a, b) =>
      AGENT_ORDER.indexOf(a.agent_id) - AGENT_ORDER.indexOf(b.agent_id) || a.step_number - b.step_number,
  );
  return (
    <ol aria-label="Agents" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {sorted.map((a, i) => (
        <AgentCard key={a.step_number} agent={a} index={i} />
      ))}
    </ol>
  );
}
