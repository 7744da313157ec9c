import { permissions } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { withApi } from "@/lib/api/handler";

/** The caller as the API sees them (session or token), with what their role may do. */
export const GET = withApi({}, async ({ principal }) => ({
  user_id: principal.userId,
  org_id: principal.orgId,
  email: principal.email,
  name: principal.name,
  role: principal.role,
  auth: principal.kind,
  permissions: Object.keys(permissions).filter((p) => can(principal.role, p as keyof typeof permissions)),
}));
