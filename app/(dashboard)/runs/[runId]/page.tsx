import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getRunDetail } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { ApiError } from "@/lib/api/errors";
import { presentRunDocument } from "@/lib/api/presenters";
import { visibleRun } from "@/lib/api/runs";
import { requireUser } from "@/lib/auth/session";
import { RUN_PUBLIC_ID } from "@/lib/public-id";
import { makeQueryClient } from "@/lib/query-client";
import { type RunDocument, runQueryKey } from "@/lib/ui/runs";
import { RunDetailClient } from "./client";

type Params = Promise<{ runId: string }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRunRef = (ref: string) => RUN_PUBLIC_ID.test(ref) || UUID.test(ref);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { runId } = await params;
  return { title: isRunRef(runId) ? runId : "Run" };
}

export default async function RunPage({ params }: { params: Params }) {
  const user = await requireUser("runs:read_own");
  const { runId } = await params;
  if (!isRunRef(runId)) notFound();

  // The same visibility rule and presenter as GET /api/workflow/executions/{id}: a foreign or
  // unknown id is a 404 page, never a hint that the run exists.
  const doc = await withTenant(getDb().db, user.orgId, async (tx): Promise<RunDocument | null> => {
    try {
      const run = await visibleRun(tx, user, runId, { approver: true });
      const detail = await getRunDetail(tx, user.orgId, run.id);
      return detail ? presentRunDocument(detail) : null;
    } catch (e) {
      if (e instanceof ApiError && e.code === "not_found") return null;
      throw e;
    }
  });
  if (!doc) notFound();

  const queryClient = makeQueryClient();
  queryClient.setQueryData(runQueryKey(runId), doc);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunDetailClient runId={runId} viewer={{ userId: user.userId, role: user.role }} />
    </HydrationBoundary>
  );
}
