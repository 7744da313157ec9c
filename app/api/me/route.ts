import { withApi } from "@/lib/api/handler";
import { allowedPermissions } from "@/lib/auth/permissions";

/** The caller as the API sees them (session or token), with what they may do (role and token scopes). */
export const GET = withApi({}, async ({ principal }) => ({
  user_id: principal.userId,
  org_id: principal.orgId,
  email: principal.email,
  name: principal.name,
  role: principal.role,
  auth: principal.kind,
  scopes: principal.scopes,
  permissions: allowedPermissions(principal),
}));
