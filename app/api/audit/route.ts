import { listAudit } from "@/db/queries/audit";
import { withApi } from "@/lib/api/handler";
import { presentAuditEntry } from "@/lib/api/presenters-resources";
import { listAuditQuery } from "./schema";

/** The organization's audit log, newest first, by keyset cursor (admins only). */
export const GET = withApi(
  { permission: "audit:read", query: listAuditQuery },
  async ({ principal, query, tenant }) => {
    const page = await tenant((tx) =>
      listAudit(
        tx,
        {
          orgId: principal.orgId,
          action: query.action,
          resourceType: query.resource_type,
          resourceId: query.resource_id,
          userId: query.user_id,
          from: query.from,
          to: query.to,
          success: query.success,
        },
        { limit: query.limit, skip: query.skip, cursor: query.cursor },
      ),
    );
    return { entries: page.rows.map(presentAuditEntry), total: page.total, next_cursor: page.nextCursor };
  },
);
