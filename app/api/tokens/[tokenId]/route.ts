import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { allows } from "@/lib/auth/permissions";
import { revokeToken } from "@/lib/auth/tokens";
import { tokenParams } from "../schema";

/** Revokes one of your tokens (admins: any token of the organization). Foreign ids are 404. */
export const DELETE = withApi(
  { permission: "tokens:manage_own", params: tokenParams },
  async ({ principal, params, tenant, audit }) => {
    const all = allows(principal, "tokens:manage_all");
    await tenant(async (tx) => {
      const revoked = await revokeToken(tx, {
        orgId: principal.orgId,
        tokenId: params.tokenId,
        userId: all ? undefined : principal.userId,
      });
      if (!revoked) throw new ApiError("not_found", "API token not found");
      await audit(tx, { action: "api_token.revoke", resourceType: "api_token", resourceId: params.tokenId });
    });
    return new Response(null, { status: 204 });
  },
);
