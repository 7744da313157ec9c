import type { presentInterview } from "@/lib/api/presenters-resources";

export type Interview = ReturnType<typeof presentInterview>;
export type InterviewPage = { interviews: Interview[]; total: number };
export type InterviewFilters = { workflow: string; status: string; deleted: boolean };

export const INTERVIEW_PAGE_SIZE = 50;

export const interviewsKey = (f: InterviewFilters) =>
  ["interviews", "list", { workflow: f.workflow, status: f.status, deleted: f.deleted }] as const;
