// Shapes of the resource API the dashboard reads (jobs, resumes, approvals), from its presenters.
import type { presentJob, presentResumeSummary } from "@/lib/api/presenters-resources";

export type Job = ReturnType<typeof presentJob>;
export type Resume = ReturnType<typeof presentResumeSummary>;
export type JobList = { jobs: Job[]; total: number; next_cursor: string | null };
export type ResumeList = { resumes: Resume[]; total: number; next_cursor: string | null };

export const OPTION_LIMIT = 100;
export const jobsQueryKey = (search = "") =>
  ["jobs", `limit=${OPTION_LIMIT}${search ? `&q=${search}` : ""}`] as const;
export const resumesQueryKey = (search = "") =>
  ["resumes", `limit=${OPTION_LIMIT}${search ? `&q=${search}` : ""}`] as const;

export const jobsPath = (search = "") =>
  `/api/jobs?limit=${OPTION_LIMIT}${search ? `&q=${encodeURIComponent(search)}` : ""}`;
export const resumesPath = (search = "") =>
  `/api/resumes?limit=${OPTION_LIMIT}${search ? `&q=${encodeURIComponent(search)}` : ""}`;

/** Per-file outcome of POST /api/resumes. */
export type UploadOutcome = {
  file_name: string;
  ok: boolean;
  resume_id?: string;
  duplicate?: boolean;
  error?: { code: string; message: string };
};

/** Reads a file's outcome from the upload response (201/207/422, or a plain error body). */
export function uploadOutcome(status: number, body: unknown, fileName: string): UploadOutcome {
  const rec = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const results = Array.isArray(rec.results) ? rec.results : [];
  const first = results[0];
  if (first && typeof first === "object") {
    const r = first as Record<string, unknown>;
    const err = r.error as { code?: unknown; message?: unknown } | undefined;
    return {
      file_name: typeof r.file_name === "string" ? r.file_name : fileName,
      ok: r.ok === true,
      ...(typeof r.resume_id === "string" ? { resume_id: r.resume_id } : {}),
      ...(r.duplicate === true ? { duplicate: true } : {}),
      ...(err && typeof err.message === "string"
        ? { error: { code: typeof err.code === "string" ? err.code : "error", message: err.message } }
        : {}),
    };
  }
  const error = rec.error as { code?: unknown; message?: unknown } | undefined;
  const ok = status >= 200 && status < 300;
  return {
    file_name: fileName,
    ok: false,
    error: {
      code: typeof error?.code === "string" ? error.code : `http_${status}`,
      message:
        typeof error?.message === "string"
          ? error.message
          : ok
            ? "The server did not say what happened to this file"
            : status === 413
              ? "The file is too large"
              : `Upload failed (${status})`,
    },
  };
}

/** Files whose text the browser can read itself; PDFs and Word files are read on the server. */
export function readableAsText(file: { name: string; type: string }): boolean {
  return (
    /\.(txt|md|markdown|text)$/i.test(file.name) ||
    file.type === "text/plain" ||
    file.type === "text/markdown"
  );
}

export const ACCEPTED_RESUME_TYPES = ".pdf,.docx,.txt,.md,.html,.htm";
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

/** A title guess from a pasted or loaded job description: its first non-empty short line. */
export function guessTitle(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^#+\s*/, "").trim())
    .find((l) => l.length > 0);
  return line && line.length <= 120 ? line : "";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
