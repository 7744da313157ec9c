import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type Organization, type OrganizationSettings, organizations } from "@/db/schema";

export async function findOrganization(
  q: Queryable,
  orgId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Organization | null> {
  const query = q.select().from(organizations).where(eq(organizations.id, orgId));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function updateOrganizationSettings(
  q: Queryable,
  org: Organization,
  values: {
    retentionDays?: number | null;
    intakeWorkflowId?: string | null;
    settings?: OrganizationSettings;
  },
): Promise<Organization> {
  const [row] = await q
    .update(organizations)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(organizations.id, org.id))
    .returning();
  return row!;
}
