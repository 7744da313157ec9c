import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { PasswordForm } from "@/components/settings/password-form";
import { type ApiTokenRow, tokensKey } from "@/components/settings/queries";
import { TokensClient } from "@/components/settings/tokens-client";
import { getDb } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/auth/tokens";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Settings" };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function SettingsPage() {
  const user = await requireUser("tokens:manage_own");
  const queryClient = makeQueryClient();
  const tokens = await withTenant(getDb().db, user.orgId, (tx) =>
    listTokens(tx, { orgId: user.orgId, userId: user.userId }),
  );
  const rows: ApiTokenRow[] = tokens.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    user_id: t.userId,
    scopes: t.scopes,
    last_used_at: iso(t.lastUsedAt),
    expires_at: iso(t.expiresAt),
    revoked_at: iso(t.revokedAt),
    created_at: t.createdAt.toISOString(),
  }));
  queryClient.setQueryData(tokensKey(false), { tokens: rows });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <div className="space-y-6">
        {user.kind === "session" ? <PasswordForm /> : null}
        <TokensClient me={user.userId} canSeeAll={can(user.role, "tokens:manage_all")} />
      </div>
    </Hydrated>
  );
}
