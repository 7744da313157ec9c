"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { uploadForm } from "@/lib/ui/http";
import { ACCEPTED_RESUME_TYPES, formatBytes, MAX_RESUME_BYTES, uploadOutcome } from "@/lib/ui/resources";

type UploadState = "queued" | "uploading" | "done" | "error";

export type Upload = {
  key: number;
  file: File;
  progress: number;
  state: UploadState;
  resumeId?: string;
  duplicate?: boolean;
  error?: string;
};

/** Two files in flight at a time: steady progress per file without flooding the server. */
const CONCURRENCY = 2;

export function ResumeUploader({
  onUploaded,
  onRemoved,
}: {
  onUploaded: (resumeId: string) => void;
  onRemoved: (resumeId: string) => void;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const controllers = useRef(new Map<number, AbortController>());
  const helpId = useId();
  const callbacks = useRef({ onUploaded });
  callbacks.current = { onUploaded };

  const patch = useCallback(
    (key: number, p: Partial<Upload>) =>
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u))),
    [],
  );

  // the pump: start queued files while fewer than CONCURRENCY are in flight
  useEffect(() => {
    const inFlight = uploads.filter((u) => u.state === "uploading").length;
    const next = uploads.filter((u) => u.state === "queued").slice(0, Math.max(0, CONCURRENCY - inFlight));
    for (const u of next) {
      if (controllers.current.has(u.key)) continue;
      patch(u.key, { state: "uploading", progress: 0 });
      const controller = new AbortController();
      controllers.current.set(u.key, controller);
      const form = new FormData();
      form.append("files", u.file, u.file.name);
      uploadForm("/api/resumes", form, (f) => patch(u.key, { progress: f }), controller.signal)
        .then(({ status, body }) => {
          const outcome = uploadOutcome(status, body, u.file.name);
          if (outcome.ok && outcome.resume_id) {
            patch(u.key, {
              state: "done",
              progress: 1,
              resumeId: outcome.resume_id,
              duplicate: outcome.duplicate,
            });
            callbacks.current.onUploaded(outcome.resume_id);
          } else {
            patch(u.key, { state: "error", error: outcome.error?.message ?? "Upload failed" });
          }
        })
        .catch((e: unknown) => {
          if (e instanceof DOMException && e.name === "AbortError") return;
          patch(u.key, { state: "error", error: e instanceof Error ? e.message : "Upload failed" });
        })
        .finally(() => controllers.current.delete(u.key));
    }
  }, [uploads, patch]);

  useEffect(() => {
    const map = controllers.current;
    return () => {
      for (const c of map.values()) c.abort();
    };
  }, []);

  function add(files: FileList | File[]) {
    const added: Upload[] = [...files].map((file) => {
      const key = nextKey.current++;
      if (file.size > MAX_RESUME_BYTES) {
        return {
          key,
          file,
          progress: 0,
          state: "error",
          error: `Larger than ${formatBytes(MAX_RESUME_BYTES)}`,
        };
      }
      if (file.size === 0) return { key, file, progress: 0, state: "error", error: "The file is empty" };
      return { key, file, progress: 0, state: "queued" };
    });
    setUploads((list) => [...list, ...added]);
  }

  function remove(u: Upload) {
    controllers.current.get(u.key)?.abort();
    setUploads((list) => list.filter((x) => x.key !== u.key));
    if (u.resumeId) onRemoved(u.resumeId);
  }

  const done = uploads.filter((u) => u.state === "done").length;
  const failed = uploads.filter((u) => u.state === "error").length;
  const busy = uploads.some((u) => u.state === "uploading" || u.state === "queued");
  return (
    <div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the file input inside is the keyboard path */}
      <div
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length) add(e.dataTransfer.files);
        }}
        className={`rounded-xl border-2 border-dashed p-6 text-center transition-colors focus-within:border-brand-500 ${
          dragging
            ? "border-brand-500 bg-brand-50 dark:bg-slate-800"
            : "border-slate-300 bg-slate-50 hover:border-slate-400 dark:border-slate-700 dark:bg-slate-950"
        }`}
        data-testid="dropzone"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="mx-auto h-8 w-8 text-slate-400"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2"
          />
        </svg>
        <p className="mt-2 text-sm">
          <span className="font-medium">Drop resumes here</span> or{" "}
          <label className="cursor-pointer rounded font-medium text-brand-700 underline-offset-2 hover:underline focus-within:underline focus-within:outline-2 focus-within:outline-brand-500 dark:text-brand-100">
            choose files
            <input
              type="file"
              multiple
              accept={ACCEPTED_RESUME_TYPES}
              aria-describedby={helpId}
              className="sr-only"
              data-testid="resume-files"
              onChange={(e) => {
                if (e.target.files?.length) add(e.target.files);
                e.target.value = "";
              }}
            />
          </label>
        </p>
        <p id={helpId} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          PDF, DOCX, TXT, Markdown or HTML · up to {formatBytes(MAX_RESUME_BYTES)} each · many at once
        </p>
      </div>
      {uploads.length ? (
        <div className="mt-3">
          <p className="mb-1 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
            {busy ? "Uploading… " : ""}
            {done} of {uploads.length} uploaded{failed ? ` · ${failed} failed` : ""}
          </p>
          <ul className="space-y-1.5" aria-label="Uploads" data-testid="uploads">
            {uploads.map((u) => (
              <li
                key={u.key}
                className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
                data-testid="upload-row"
                data-state={u.state}
              >
                <div className="flex items-center gap-3">
                  <span className="min-w-0 flex-1 truncate font-medium" title={u.file.name}>
                    {u.file.name}
                  </span>
                  <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400 tabular-nums">
                    {formatBytes(u.file.size)}
                  </span>
                  <span
                    className={`shrink-0 text-xs ${
                      u.state === "error"
                        ? "text-red-700 dark:text-red-300"
                        : u.state === "done"
                          ? "text-emerald-700 dark:text-emerald-300"
                          : "text-slate-600 dark:text-slate-400"
                    }`}
                  >
                    {u.state === "queued"
                      ? "Waiting"
                      : u.state === "uploading"
                        ? `${Math.round(u.progress * 100)}%`
                        : u.state === "done"
                          ? u.duplicate
                            ? "Already on file"
                            : "Uploaded"
                          : "Failed"}
                  </span>
                  {u.state === "error" ? (
                    <button
                      type="button"
                      onClick={() => patch(u.key, { state: "queued", error: undefined, progress: 0 })}
                      className="shrink-0 rounded px-1.5 text-xs font-medium text-brand-700 hover:underline dark:text-brand-100"
                    >
                      Retry
                    </button>
                  ) : null}
                  <button
                    type="button"
                    onClick={() => remove(u)}
                    aria-label={`Remove ${u.file.name}`}
                    className="shrink-0 rounded px-1.5 text-slate-600 dark:text-slate-400 hover:text-slate-900 dark:hover:text-white"
                  >
                    ×
                  </button>
                </div>
                {u.state === "uploading" || u.state === "queued" ? (
                  <div
                    role="progressbar"
                    aria-label={`Uploading ${u.file.name}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(u.progress * 100)}
                    className="mt-1.5 h-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
                  >
                    <div
                      className="h-full bg-brand-500 transition-[width]"
                      style={{ width: `${u.progress * 100}%` }}
                    />
                  </div>
                ) : null}
                {u.error ? (
                  <p className="mt-1 text-xs text-red-700 dark:text-red-300" role="alert">
                    {u.error}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
