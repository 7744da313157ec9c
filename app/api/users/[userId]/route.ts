import { findUser, lockActiveAdmins, updateUser } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentUser } from "@/lib/api/presenters-resources";
import { updateUserBody, userParams } from "../schema";

/**
 * Renames, changes the role of, deactivates or reactivates a user (there is no DELETE: deactivated users
 * keep their history). Admins cannot demote or deactivate themselves, and the last active admin cannot
 * be demoted or deactivated (409).
 */
export const PATCH = withApi(
  { permission: "users:manage", params: userParams, body: updateUserBody },
  async ({ principal, params, body, tenant, audit }) => {
    const user = await tenant(async (tx) => {
      // the organization's admins are locked first, always in id order, so concurrent changes queue
      const admins = await lockActiveAdmins(tx, principal.orgId);
      const current = await findUser(tx, principal.orgId, params.userId, { forUpdate: true });
      if (!current) throw notFound("User");
      const demotes = body.role !== undefined && body.role !== "admin";
      const deactivates = body.is_active === false;
      if (current.id === principal.userId && (demotes || deactivates)) {
        throw new ApiError(
          "conflict",
          deactivates ? "You cannot deactivate your own account" : "You cannot remove your own admin role",
        );
      }
      const removesAdmin = current.role === "admin" && current.isActive && (demotes || deactivates);
      if (removesAdmin && admins.filter((id) => id !== current.id).length === 0) {
        throw new ApiError("conflict", "The organization must keep at least one active admin");
      }
      const changes: Partial<Pick<User, "name" | "role" | "isActive">> = {};
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      if (body.name !== undefined && body.name !== current.name) {
        changes.name = body.name;
        diff.name = { from: current.name, to: body.name };
      }
      if (body.role !== undefined && body.role !== current.role) {
        changes.role = body.role;
        diff.role = { from: current.role, to: body.role };
      }
      if (body.is_active !== undefined && body.is_active !== current.isActive) {
        changes.isActive = body.is_active;
        diff.is_active = { from: current.isActive, to: body.is_active };
      }
      if (Object.keys(changes).length === 0) return current;
      const updated = await updateUser(tx, principal.orgId, current.id, changes);
      await audit(tx, {
        action: body.is_active === false && diff.is_active ? "user.deactivate" : "user.update",
        resourceType: "user",
        resourceId: current.id,
        details: { email: current.email, changes: diff },
      });
      return updated;
    });
    return presentUser(user);
  },
);
