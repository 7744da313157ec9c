import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { first, type SearchParams } from "@/components/admin/search-params";
import { usersListKey } from "@/components/settings/queries";
import { UsersClient } from "@/components/settings/users-client";
import { getDb } from "@/db/client";
import { listUsers } from "@/db/queries/users";
import { type UserRole, userRoles } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentUser } from "@/lib/api/presenters-resources";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Users and roles" };

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("users:manage");
  const sp = await searchParams;
  const filters = { q: first(sp.q), role: first(sp.role), active: first(sp.active) };
  const queryClient = makeQueryClient();
  const roleOk = !filters.role || (userRoles as readonly string[]).includes(filters.role);
  const activeOk = !filters.active || filters.active === "true" || filters.active === "false";
  if (roleOk && activeOk) {
    const page = await withTenant(getDb().db, user.orgId, (tx) =>
      listUsers(
        tx,
        {
          orgId: user.orgId,
          q: filters.q || undefined,
          role: filters.role ? [filters.role as UserRole] : undefined,
          active: filters.active ? filters.active === "true" : undefined,
        },
        { limit: 100, skip: 0 },
      ),
    );
    queryClient.setQueryData(usersListKey(filters), { users: page.rows.map(presentUser), total: page.total });
  }
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <UsersClient me={user.userId} />
    </Hydrated>
  );
}
