import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionPrincipal } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  // only same-site paths: never an open redirect
  return v?.startsWith("/") && !v.startsWith("//") ? v : "/runs";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await sessionPrincipal()) redirect(callbackUrl);
  return (
    <>
      <h1 className="mb-4 text-lg font-medium">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} />
    </>
  );
}
