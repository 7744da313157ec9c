import { Badge } from "@/components/ui/badge";
import type { RunMatch } from "@/lib/ui/runs";
import { BandBadge } from "./status-badge";

const bandBar: Record<string, string> = {
  excellent: "bg-emerald-500",
  good: "bg-teal-500",
  average: "bg-amber-500",
  poor: "bg-red-500",
};

function Skills({ label, skills, tone }: { label: string; skills: unknown; tone: "green" | "slate" }) {
  const list = Array.isArray(skills) ? skills.filter((s): s is string => typeof s === "string") : [];
  if (!list.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-1">
      <span className="mr-1 text-xs text-slate-600 dark:text-slate-400">{label}</span>
      {list.slice(0, 12).map((s) => (
        <Badge key={s} tone={tone} className={tone === "slate" ? "line-through decoration-slate-400/70" : ""}>
          {s}
        </Badge>
      ))}
      {list.length > 12 ? (
        <span className="text-xs text-slate-600 dark:text-slate-400">+{list.length - 12}</span>
      ) : null}
    </div>
  );
}

type Component = { name: string; weight: number; score: number; detail?: string };

function componentsOf(explanation: unknown): Component[] {
  if (!explanation || typeof explanation !== "object") return [];
  const list = (explanation as { components?: unknown }).components;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is Component =>
      typeof c === "object" && c !== null && typeof c.name === "string" && typeof c.score === "number",
  );
}

function Explanation({ explanation, rationale }: { explanation: unknown; rationale: string | null }) {
  const components = componentsOf(explanation);
  if (!components.length && !rationale) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-xs font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
        Why this score
      </summary>
      {components.length ? (
        <table className="mt-2 w-full max-w-xl text-xs">
          <caption className="sr-only">Score components</caption>
          <thead className="text-left text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Component
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Weight
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Score
              </th>
              <th scope="col" className="py-1 font-medium">
                Detail
              </th>
            </tr>
          </thead>
          <tbody>
            {components.map((c) => (
              <tr key={c.name} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="py-1 pr-3 capitalize">{c.name.replaceAll("_", " ")}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{Math.round(c.weight * 100)}%</td>
                <td className="py-1 pr-3 text-right tabular-nums">{c.score}</td>
                <td className="py-1 text-slate-600 dark:text-slate-400">{c.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {rationale ? (
        <p className="mt-2 whitespace-pre-line text-slate-700 dark:text-slate-300">{rationale}</p>
      ) : null}
    </details>
  );
}

export function ResultsTable({ matches }: { matches: RunMatch[] }) {
  const ranked = [...matches].sort((a, b) => Number(b.score) - Number(a.score));
  return (
    <ol
      className="divide-y divide-slate-100 dark:divide-slate-800"
      aria-label="Ranked candidates"
      data-testid="results"
    >
      {ranked.map((m, i) => {
        const score = Math.round(Number(m.score));
        return (
          <li
            key={m.resume_id ?? i}
            className="grid gap-3 py-3 sm:grid-cols-[3rem_1fr_auto]"
            data-testid="result-row"
          >
            <div className="flex items-center gap-2 sm:block">
              <span className="text-lg font-semibold text-slate-600 dark:text-slate-400 tabular-nums">
                #{i + 1}
              </span>
            </div>
            <div className="min-w-0 space-y-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">
                  {m.candidate_name ?? m.file_name ?? "Unnamed candidate"}
                </span>
                <BandBadge band={m.band} />
                {m.resume_id && m.file_name ? (
                  <a
                    href={`/api/resumes/${m.resume_id}/file`}
                    className="text-xs text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                    target="_blank"
                    rel="noopener"
                  >
                    {m.file_name}
                    <span className="sr-only"> (resume file, opens in a new tab)</span>
                  </a>
                ) : null}
              </div>
              <Skills label="Matched" skills={m.matched_skills} tone="green" />
              <Skills label="Missing" skills={m.missing_skills} tone="slate" />
              <Explanation explanation={m.explanation} rationale={m.rationale} />
            </div>
            <div className="flex items-center gap-2 sm:w-40 sm:flex-col sm:items-end">
              <span className="text-2xl font-semibold tabular-nums" data-testid="score">
                {score}
                <span className="text-xs font-normal text-slate-600 dark:text-slate-400">/100</span>
              </span>
              <div
                className="h-1.5 w-24 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
                aria-hidden="true"
              >
                <div
                  className={`h-full ${bandBar[m.band ?? ""] ?? "bg-brand-500"}`}
                  style={{ width: `${score}%` }}
                />
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
