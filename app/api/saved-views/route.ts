import { insertSavedView, listSavedViews, savedViewNameTaken } from "@/db/queries/saved-views";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentSavedView } from "@/lib/api/presenters-resources";
import { uniqueViolation } from "@/lib/workflows/provision";
import { createSavedViewBody, listSavedViewsQuery } from "./schema";

const nameTaken = () => new ApiError("conflict", "You already have a view with this name on this page");

/** Your saved views and those shared with the organization, optionally of one page (?page=runs). */
export const GET = withApi({ query: listSavedViewsQuery }, async ({ principal, query, tenant }) => {
  const page = await tenant((tx) =>
    listSavedViews(
      tx,
      { orgId: principal.orgId, userId: principal.userId, page: query.page },
      { limit: query.limit, skip: query.skip },
    ),
  );
  return { views: page.rows.map((v) => presentSavedView(v, principal.userId)), total: page.total };
});

/** Saves the filters of a page under a name, privately or shared with the organization. */
export const POST = withApi(
  { body: createSavedViewBody, idempotent: true },
  async ({ principal, body, tenant, audit }) => {
    try {
      const view = await tenant(async (tx) => {
        const taken = await savedViewNameTaken(tx, {
          orgId: principal.orgId,
          userId: principal.userId,
          page: body.page,
          name: body.name,
        });
        if (taken) throw nameTaken();
        const created = await insertSavedView(tx, {
          orgId: principal.orgId,
          userId: principal.userId,
          name: body.name,
          page: body.page,
          params: body.params,
          shared: body.shared,
        });
        await audit(tx, {
          action: "saved_view.create",
          resourceType: "saved_view",
          resourceId: created.id,
          details: { name: created.name, page: created.page, shared: created.shared },
        });
        return created;
      });
      return Response.json(presentSavedView(view, principal.userId), { status: 201 });
    } catch (error) {
      if (uniqueViolation(error) === "saved_views_user_name_key") throw nameTaken();
      throw error;
    }
  },
);
