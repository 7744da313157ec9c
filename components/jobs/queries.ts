import type { presentJob } from "@/lib/api/presenters-resources";

export type Job = ReturnType<typeof presentJob>;
export type JobPage = { jobs: Job[]; total: number; next_cursor: string | null };
export type JobFilters = { q: string; deleted: boolean };

export const JOB_PAGE_SIZE = 25;

/** One key for the server prefetch and the client list, so hydration lands in the right query. */
export const jobsKey = (f: JobFilters) => ["jobs", "list", { q: f.q, deleted: f.deleted }] as const;
