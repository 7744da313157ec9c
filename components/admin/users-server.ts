import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import type { Tx } from "@/db/client";
import { listUsers } from "@/db/queries/users";
import { presentUser } from "@/lib/api/presenters-resources";
import { type UserListPage, usersKey } from "./users";

/** Prefetches the organization's users (admins' pickers and names) in a page's tenant transaction. */
export async function prefetchOrgUsers(tx: Tx, queryClient: QueryClient, orgId: string): Promise<void> {
  const page = await listUsers(tx, { orgId }, { limit: 100, skip: 0 });
  const data: UserListPage = { users: page.rows.map(presentUser), total: page.total };
  queryClient.setQueryData(usersKey, data);
}
