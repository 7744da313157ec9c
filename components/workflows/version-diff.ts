// What changed between two version snapshots of a workflow (workflow_versions.definition), as short
// sentences for the versions list. Snapshots are read defensively: they are stored JSON, and older
// versions may lack fields that newer ones have. Nodes are compared by position (order_number), which
// is how a replacement keeps node ids.

type Json = Record<string, unknown>;

const NODE_FIELDS = [
  ["step_name", "name"],
  ["step_type", "type"],
  ["step_description", "description"],
  ["auto_start", "auto-start"],
  ["required_human_approval", "approval required"],
  ["number_of_approvals_needed", "approvals needed"],
  ["approvers", "approvers"],
  ["delay_in_seconds", "delay (s)"],
  ["max_retries", "max retries"],
  ["timeout_seconds", "timeout (s)"],
  ["config", "config"],
  ["io_schema", "IO schema"],
] as const;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Stable JSON (object keys sorted) so {a,b} and {b,a} compare equal. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" || typeof value === "string") return String(value);
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  return "changed";
}

const nodeName = (n: Json | undefined, order: number) =>
  `node ${order}${typeof n?.step_name === "string" && n.step_name ? ` “${n.step_name}”` : ""}`;

const bindingText = (b: Json) =>
  `${String(b.source_order)}.${String(b.source_key)} → ${String(b.target_order)}.${String(b.target_key)}`;

/** Sentences describing how `next` differs from `previous` (empty when nothing differs). */
export function diffVersions(previous: unknown, next: unknown): string[] {
  const a = isObject(previous) ? previous : {};
  const b = isObject(next) ? next : {};
  const out: string[] = [];
  if (a.name !== b.name) out.push(`Renamed from “${String(a.name ?? "")}” to “${String(b.name ?? "")}”`);
  if ((a.description ?? "") !== (b.description ?? "")) out.push("Description changed");

  const before = list(a.nodes);
  const after = list(b.nodes);
  const count = Math.max(before.length, after.length);
  for (let i = 0; i < count; i++) {
    const was = before[i];
    const now = after[i];
    if (!was && now) {
      out.push(`Added ${nodeName(now, i + 1)}`);
      continue;
    }
    if (was && !now) {
      out.push(`Removed ${nodeName(was, i + 1)}`);
      continue;
    }
    if (!was || !now) continue;
    const changes: string[] = [];
    for (const [field, label] of NODE_FIELDS) {
      if (stable(was[field]) === stable(now[field])) continue;
      const simple = ["string", "number", "boolean"].includes(typeof now[field]) || now[field] === null;
      changes.push(
        simple && field !== "step_description"
          ? `${label} ${show(was[field])} → ${show(now[field])}`
          : `${label} changed`,
      );
    }
    if (changes.length) out.push(`${nodeName(now, i + 1)}: ${changes.join(", ")}`.replace(/^n/, "N"));
  }

  const bindingsBefore = new Set(list(a.bindings).map(bindingText));
  const bindingsAfter = new Set(list(b.bindings).map(bindingText));
  for (const t of bindingsAfter) if (!bindingsBefore.has(t)) out.push(`Binding added: ${t}`);
  for (const t of bindingsBefore) if (!bindingsAfter.has(t)) out.push(`Binding removed: ${t}`);

  const channelsBefore = new Map(list(a.channels).map((c) => [String(c.channel), c]));
  for (const c of list(b.channels)) {
    const was = channelsBefore.get(String(c.channel));
    if (!was) out.push(`Channel ${String(c.channel)} added`);
    else if (was.enabled !== c.enabled)
      out.push(`Channel ${String(c.channel)} ${c.enabled ? "enabled" : "disabled"}`);
    else if (was.priority !== c.priority) {
      out.push(`Channel ${String(c.channel)} priority ${show(was.priority)} → ${show(c.priority)}`);
    }
  }
  return out;
}
