import type { Metadata } from "next";
import { LogoutButton } from "./logout-button";

export const metadata: Metadata = { title: "Sign out" };

export default function LogoutPage() {
  return (
    <>
      <h1 className="mb-4 text-lg font-medium">Sign out</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
        You will need your password to come back.
      </p>
      <LogoutButton />
    </>
  );
}
