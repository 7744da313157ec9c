"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { emptyJob, JobForm, type NewJob } from "@/components/start/job-form";
import { JobPicker } from "@/components/start/job-picker";
import { ResumePicker } from "@/components/start/resume-picker";
import { ResumeUploader } from "@/components/start/resume-uploader";
import { Segmented } from "@/components/ui/segmented";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { api, errorMessage, HttpError, newIdempotencyKey } from "@/lib/ui/http";
import type { Job } from "@/lib/ui/resources";

type BatchResponse = {
  success: boolean;
  message: string;
  data: { workflow_id: string; jd_id: string; total_resumes: number; status: string };
};

type JobMode = "existing" | "new";

function ModeTabs({
  mode,
  onChange,
  canCreate,
}: {
  mode: JobMode;
  onChange: (m: JobMode) => void;
  canCreate: boolean;
}) {
  if (!canCreate) return null;
  return (
    <Segmented
      legend="Job description source"
      size="sm"
      options={
        [
          ["existing", "Choose existing"],
          ["new", "Create new"],
        ] as const
      }
      value={mode}
      onChange={onChange}
    />
  );
}

function StepNumber({ n }: { n: number }) {
  return (
    <span
      aria-hidden="true"
      className="mr-2 inline-flex h-5 w-5 items-center justify-center rounded-full bg-brand-600 text-[11px] font-semibold text-white"
    >
      {n}
    </span>
  );
}

export function StartClient({ canWriteJobs, canUpload }: { canWriteJobs: boolean; canUpload: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [mode, setMode] = useState<JobMode>("existing");
  const [job, setJob] = useState<Job | null>(null);
  const [draft, setDraft] = useState<NewJob>(emptyJob);
  /** The job created from the draft, so a retried start does not create it twice. */
  const [created, setCreated] = useState<{ draft: NewJob; job: Job } | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [force, setForce] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // one key per intent: the same click retried never starts a second run
  const startKey = useRef(newIdempotencyKey());

  const draftReady = draft.title.trim().length > 0 && draft.description.trim().length > 0;
  const jobReady = mode === "existing" ? job !== null : draftReady;
  const ready = jobReady && selected.size > 0;

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const setMany = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      for (const id of ids) {
        if (on) n.add(id);
        else n.delete(id);
      }
      return n;
    });

  const start = useMutation({
    mutationFn: async () => {
      let jdId: string;
      if (mode === "existing") {
        if (!job) throw new Error("Choose a job description");
        jdId = job.jd_id;
      } else {
        const same = created && JSON.stringify(created.draft) === JSON.stringify(draft);
        let createdJob = same ? created.job : null;
        if (!createdJob) {
          const opt = (v: string) => (v.trim() ? v.trim() : undefined);
          createdJob = await api<Job>("/api/jobs", {
            method: "POST",
            idempotencyKey: newIdempotencyKey(),
            body: {
              title: draft.title.trim(),
              description: draft.description.trim(),
              department: opt(draft.department),
              location: opt(draft.location),
              employment_type: opt(draft.employment_type),
            },
          });
          setCreated({ draft, job: createdJob });
          toast.success(`Created job ${createdJob.jd_id}`, createdJob.title);
          void qc.invalidateQueries({ queryKey: ["jobs"] });
        }
        jdId = createdJob.jd_id;
      }
      return api<BatchResponse>("/api/matching/batch", {
        method: "POST",
        idempotencyKey: startKey.current,
        body: { jd_id: jdId, resume_ids: [...selected], force_reprocess: force },
      });
    },
    onSuccess: (res) => {
      toast.success(`Started ${res.data.workflow_id}`, res.message);
      void qc.invalidateQueries({ queryKey: ["runs"] });
      router.push(`/runs/${res.data.workflow_id}`);
    },
    onError: (e) => {
      startKey.current = newIdempotencyKey();
      const msg =
        e instanceof HttpError && e.code === "validation_error" && e.details
          ? `${e.message}: ${JSON.stringify(e.details).slice(0, 200)}`
          : errorMessage(e);
      setProblem(msg);
      toast.error("Could not start the workflow", msg);
    },
  });

  const selectedJobLabel = useMemo(() => {
    if (mode === "existing") return job ? `${job.title} (${job.jd_id})` : null;
    return draftReady ? `${draft.title.trim()} (new)` : null;
  }, [mode, job, draft, draftReady]);

  return (
    <>
      <PageHeader
        title="Start AI Workflow"
        description="Pick a job description and a batch of resumes. Four agents — extractor, JD reader, resume reader and HR comparator — score every candidate; the run is recorded on the server and you can watch it live."
      />
      <div className="grid gap-5 lg:grid-cols-2">
        <Card
          id="job"
          title={
            <>
              <StepNumber n={1} />
              Job description
            </>
          }
          description="What the candidates are matched against."
          actions={<ModeTabs mode={mode} onChange={setMode} canCreate={canWriteJobs} />}
        >
          {mode === "existing" ? (
            <JobPicker value={job?.jd_id ?? null} onChange={setJob} />
          ) : (
            <JobForm value={draft} onChange={setDraft} />
          )}
        </Card>

        <Card
          id="resumes"
          title={
            <>
              <StepNumber n={2} />
              Resumes
            </>
          }
          description="Upload new files, pick ones already on file, or both."
          bodyClassName="space-y-5 p-4"
        >
          {canUpload ? (
            <ResumeUploader
              onUploaded={(id) => {
                setMany([id], true);
                void qc.invalidateQueries({ queryKey: ["resumes"] });
              }}
              onRemoved={(id) => setMany([id], false)}
            />
          ) : null}
          <div>
            <h3 className="mb-2 text-sm font-medium">On file</h3>
            <ResumePicker selected={selected} onToggle={toggle} onSetMany={setMany} />
          </div>
        </Card>

        <Card
          id="run"
          className="lg:col-span-2"
          title={
            <>
              <StepNumber n={3} />
              Start
            </>
          }
          bodyClassName="flex flex-wrap items-center justify-between gap-4 p-4"
        >
          <div className="space-y-3">
            <p className="text-sm" aria-live="polite" data-testid="start-summary">
              <span className="font-medium tabular-nums">{selected.size}</span> resume
              {selected.size === 1 ? "" : "s"} against{" "}
              {selectedJobLabel ? (
                <span className="font-medium">{selectedJobLabel}</span>
              ) : (
                <span className="text-slate-600 dark:text-slate-400">no job description yet</span>
              )}
            </p>
            <Switch
              id="force-reprocess"
              checked={force}
              onChange={setForce}
              label="Force reprocess"
              description="Ignore cached extractions and parses and process every file again."
            />
          </div>
          <div className="flex flex-col items-end gap-2">
            <Button
              variant="primary"
              onClick={() => {
                setProblem(null);
                if (ready) start.mutate();
              }}
              disabled={!ready || start.isPending}
              className="px-6 py-2.5 text-base"
            >
              {start.isPending ? "Starting…" : "Start AI Workflow"}
            </Button>
            {!ready ? (
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {!jobReady
                  ? mode === "existing"
                    ? "Choose a job description."
                    : "Give the new job a title and a description."
                  : "Select at least one resume."}
              </p>
            ) : null}
            {problem ? (
              <p role="alert" className="max-w-md text-right text-xs text-red-700 dark:text-red-300">
                {problem}
              </p>
            ) : null}
          </div>
        </Card>
      </div>
    </>
  );
}
