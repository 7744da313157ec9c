import type { presentResume, presentResumeSummary } from "@/lib/api/presenters-resources";

export type Resume = ReturnType<typeof presentResumeSummary>;
export type ResumeDetail = ReturnType<typeof presentResume>;
export type ResumePage = { resumes: Resume[]; total: number; next_cursor: string | null };
export type ResumeFilters = { q: string; status: string; deleted: boolean };
export type UploadResult = {
  file_name: string;
  ok: boolean;
  resume_id?: string;
  duplicate?: boolean;
  error?: { code: string; message: string };
};
export type UploadSummary = { results: UploadResult[]; created: number; duplicates: number; failed: number };

export const RESUME_PAGE_SIZE = 25;

export const resumesKey = (f: ResumeFilters) =>
  ["resumes", "list", { q: f.q, status: f.status, deleted: f.deleted }] as const;
