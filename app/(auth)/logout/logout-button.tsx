"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function LogoutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function onClick() {
    setPending(true);
    // next-auth's own redirect would guess the origin; stay on the one the user is on
    await signOut({ redirect: false });
    router.replace("/login");
    router.refresh();
  }
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={pending}
      className="w-full rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
