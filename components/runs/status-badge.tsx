import { Badge, type BadgeTone } from "@/components/ui/badge";
import { runStatusLabels, stepStatusLabels } from "@/lib/ui/runs";

const runTones: Record<string, BadgeTone> = {
  pending: "slate",
  active: "blue",
  waiting: "amber",
  completed: "green",
  failed: "red",
  cancelled: "slate",
  timeout: "red",
};

const stepTones: Record<string, BadgeTone> = {
  pending: "slate",
  waiting_approval: "amber",
  waiting_manual: "amber",
  scheduled: "violet",
  queued: "slate",
  running: "blue",
  completed: "green",
  failed: "red",
  timeout: "red",
  cancelled: "slate",
  skipped: "slate",
};

export function RunStatusBadge({ status }: { status: string }) {
  const label = runStatusLabels[status as keyof typeof runStatusLabels] ?? status;
  return (
    <Badge tone={runTones[status] ?? "slate"} dot data-status={status}>
      {label}
    </Badge>
  );
}

export function StepStatusBadge({ status }: { status: string }) {
  const label = stepStatusLabels[status as keyof typeof stepStatusLabels] ?? status;
  return (
    <Badge tone={stepTones[status] ?? "slate"} dot data-status={status}>
      {label}
    </Badge>
  );
}

const bandTones: Record<string, BadgeTone> = {
  excellent: "green",
  good: "teal",
  average: "amber",
  poor: "red",
};

export function BandBadge({ band }: { band: string | null | undefined }) {
  if (!band) return null;
  return <Badge tone={bandTones[band] ?? "slate"}>{band[0]?.toUpperCase() + band.slice(1)}</Badge>;
}
