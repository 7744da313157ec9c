import {
  deleteSavedView,
  findOwnSavedView,
  savedViewNameTaken,
  updateSavedView,
} from "@/db/queries/saved-views";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentSavedView } from "@/lib/api/presenters-resources";
import { uniqueViolation } from "@/lib/workflows/provision";
import { savedViewParams, updateSavedViewBody } from "../schema";

/** Renames, re-parameterises or (un)shares one of your views. Others' views are 404 here, shared or not. */
export const PATCH = withApi(
  { params: savedViewParams, body: updateSavedViewBody },
  async ({ principal, params, body, tenant, audit }) => {
    try {
      const view = await tenant(async (tx) => {
        const current = await findOwnSavedView(tx, principal.orgId, principal.userId, params.viewId);
        if (!current) throw notFound("Saved view");
        if (body.name !== undefined && body.name !== current.name) {
          const taken = await savedViewNameTaken(tx, {
            orgId: principal.orgId,
            userId: principal.userId,
            page: current.page,
            name: body.name,
            exceptId: current.id,
          });
          if (taken) throw new ApiError("conflict", "You already have a view with this name on this page");
        }
        const updated = await updateSavedView(tx, current, {
          name: body.name,
          params: body.params,
          shared: body.shared,
        });
        await audit(tx, {
          action: "saved_view.update",
          resourceType: "saved_view",
          resourceId: current.id,
          details: { name: updated.name, page: updated.page, shared: updated.shared },
        });
        return updated;
      });
      return presentSavedView(view, principal.userId);
    } catch (error) {
      if (uniqueViolation(error) === "saved_views_user_name_key") {
        throw new ApiError("conflict", "You already have a view with this name on this page");
      }
      throw error;
    }
  },
);

/** Deletes one of your views (saved views have no trash). */
export const DELETE = withApi({ params: savedViewParams }, async ({ principal, params, tenant, audit }) => {
  await tenant(async (tx) => {
    const current = await findOwnSavedView(tx, principal.orgId, principal.userId, params.viewId);
    if (!current) throw notFound("Saved view");
    await deleteSavedView(tx, current);
    await audit(tx, {
      action: "saved_view.delete",
      resourceType: "saved_view",
      resourceId: current.id,
      details: { name: current.name, page: current.page },
    });
  });
  return new Response(null, { status: 204 });
});
