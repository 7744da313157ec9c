import { useQuery } from "@tanstack/react-query";
import type { presentUser } from "@/lib/api/presenters-resources";
import { api } from "./api";

export type OrgUser = ReturnType<typeof presentUser>;
export type UserListPage = { users: OrgUser[]; total: number };

export const usersKey = ["users", "all"] as const;

/**
 * The organization's users (admins only: the API answers 403 to everyone else, so callers pass
 * enabled=false for other roles). Up to 100, which is plenty for pickers and name lookups.
 */
export function useOrgUsers(enabled: boolean) {
  return useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => api<UserListPage>("/api/users?limit=100", { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Name of a user id for display; a short id when unknown. */
export function userLabel(users: OrgUser[] | undefined, id: string | null | undefined): string {
  if (!id) return "—";
  const u = users?.find((x) => x.id === id);
  return u ? u.name : `${id.slice(0, 8)}…`;
}
