import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listJobs } from "@/db/queries/jobs";
import { listResumes } from "@/db/queries/resumes";
import { withTenant } from "@/db/tenant";
import { presentJob, presentResumeSummary } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";
import {
  type JobList,
  jobsQueryKey,
  OPTION_LIMIT,
  type ResumeList,
  resumesQueryKey,
} from "@/lib/ui/resources";
import { StartClient } from "./client";

export const metadata: Metadata = { title: "Start AI Workflow" };

export default async function StartPage() {
  const user = await requireUser("runs:start");
  const queryClient = makeQueryClient();
  const db = getDb().db;
  // the same lists GET /api/jobs and GET /api/resumes answer, so the form is usable before hydration ends
  // (one after the other: the embedded database runs one transaction at a time)
  await queryClient.prefetchQuery({
    queryKey: jobsQueryKey(),
    queryFn: async (): Promise<JobList> => {
      const page = await withTenant(db, user.orgId, (tx) =>
        listJobs(tx, { orgId: user.orgId }, { limit: OPTION_LIMIT }),
      );
      return { jobs: page.rows.map(presentJob), total: page.total, next_cursor: page.nextCursor };
    },
  });
  if (can(user.role, "resumes:read")) {
    await queryClient.prefetchQuery({
      queryKey: resumesQueryKey(),
      queryFn: async (): Promise<ResumeList> => {
        const page = await withTenant(db, user.orgId, (tx) =>
          listResumes(tx, { orgId: user.orgId }, { limit: OPTION_LIMIT }),
        );
        return {
          resumes: page.rows.map(presentResumeSummary),
          total: page.total,
          next_cursor: page.nextCursor,
        };
      },
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <StartClient canWriteJobs={can(user.role, "jobs:write")} canUpload={can(user.role, "resumes:write")} />
    </HydrationBoundary>
  );
}
