import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sameOriginPath } from "@/lib/auth/redirect";
import { sessionPrincipal } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = sameOriginPath(params.callbackUrl);
  if (await sessionPrincipal()) redirect(callbackUrl);
  return (
    <>
      <h1 className="mb-4 text-lg font-medium">Sign in</h1>
      {params.changed === "1" ? (
        <p role="status" className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          Your password was changed and every session ended. Sign in with the new password.
        </p>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} />
    </>
  );
}
