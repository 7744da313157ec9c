import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { CandidatesClient } from "@/components/candidates/candidates-client";
import { RESUME_PAGE_SIZE, type ResumePage, resumesKey } from "@/components/candidates/queries";
import { getDb } from "@/db/client";
import { listResumes } from "@/db/queries/resumes";
import { resumeStatuses } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentResumeSummary } from "@/lib/api/presenters-resources";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Candidates" };

type Status = (typeof resumeStatuses)[number];

export default async function CandidatesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("resumes:read");
  const sp = await searchParams;
  const isAdmin = user.role === "admin"; // the API lists deleted resumes to admins only
  const filters = { q: first(sp.q), status: first(sp.status), deleted: isAdmin && first(sp.deleted) === "1" };
  const queryClient = makeQueryClient();
  if (!filters.status || (resumeStatuses as readonly string[]).includes(filters.status)) {
    const page = await withTenant(getDb().db, user.orgId, (tx) =>
      listResumes(
        tx,
        {
          orgId: user.orgId,
          q: filters.q || undefined,
          status: filters.status ? [filters.status as Status] : undefined,
          includeDeleted: filters.deleted,
        },
        { limit: RESUME_PAGE_SIZE },
      ),
    );
    const data: ResumePage = {
      resumes: page.rows.map(presentResumeSummary),
      total: page.total,
      next_cursor: page.nextCursor,
    };
    queryClient.setQueryData(resumesKey(filters), { pages: [data], pageParams: [null] });
  }
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <CandidatesClient canWrite={can(user.role, "resumes:write")} isAdmin={isAdmin} />
    </Hydrated>
  );
}
