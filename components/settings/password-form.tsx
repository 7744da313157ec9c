"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/admin/api";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { Card } from "@/components/ui/card";

/** Changes your own password. Every session ends with it, this one too, so it ends on the sign-in page. */
export function PasswordForm() {
  const [mismatch, setMismatch] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      api<{ signed_out: true }>("/api/me/password", { method: "POST", json: body }),
    onSuccess: () => window.location.assign("/login?callbackUrl=%2Fsettings&changed=1"),
  });

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const current = String(data.get("current_password") ?? "");
    const next = String(data.get("new_password") ?? "");
    if (next !== String(data.get("confirm_password") ?? "")) {
      setMismatch("The two new passwords differ.");
      return;
    }
    setMismatch(null);
    change.mutate({ current_password: current, new_password: next });
  }

  const errors = fieldErrors(change.error);
  return (
    <Card
      id="password"
      title="Change your password"
      description="At least 12 characters, not built from your name or e-mail. Every session you have, this one included, ends: you sign in again with the new password."
    >
      <form onSubmit={submit} noValidate className="grid max-w-md gap-3">
        <Field label="Current password" error={errors.current_password}>
          {(p) => (
            <input
              {...p}
              name="current_password"
              type="password"
              autoComplete="current-password"
              className={controlClass}
            />
          )}
        </Field>
        <Field label="New password" error={errors.new_password}>
          {(p) => (
            <input
              {...p}
              name="new_password"
              type="password"
              autoComplete="new-password"
              className={controlClass}
            />
          )}
        </Field>
        <Field label="Repeat the new password" error={mismatch}>
          {(p) => (
            <input
              {...p}
              name="confirm_password"
              type="password"
              autoComplete="new-password"
              className={controlClass}
            />
          )}
        </Field>
        <div>
          <Button type="submit" variant="primary" pending={change.isPending}>
            Change password
          </Button>
        </div>
        {change.error && Object.keys(errors).length === 0 ? (
          <FormError message={errorMessage(change.error)} />
        ) : null}
      </form>
    </Card>
  );
}
