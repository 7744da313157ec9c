import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { changePassword } from "@/lib/auth/login";
import { changePasswordBody } from "./schema";

/**
 * Changes the signed-in user's own password and ends all of their sessions (this one too): the answer
 * says so, and the browser signs in again. Only a session can do this; an API token cannot.
 */
export const POST = withApi({ body: changePasswordBody }, async ({ principal, body, tenant, audit }) => {
  if (principal.kind !== "session")
    throw new ApiError("forbidden", "Sign in to change your password; an API token cannot");
  await tenant(async (tx) => {
    const result = await changePassword(tx, principal.userId, {
      currentPassword: body.current_password,
      newPassword: body.new_password,
    });
    if (!result.ok)
      throw new ApiError("validation_error", "Invalid body", [
        { path: `body.${result.field}`, message: result.message },
      ]);
    await audit(tx, { action: "user.password_change", resourceType: "user", resourceId: principal.userId });
  });
  return { signed_out: true };
});
