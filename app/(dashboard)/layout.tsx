import Link from "next/link";
import { Providers } from "@/components/providers";
import { NavLinks } from "@/components/shell/nav-links";
import { navItems } from "@/components/shell/nav-items";
import { Toaster } from "@/components/ui/toast";
import { can, roleLabels } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const items = navItems
    .filter((i) => can(user.role, i.permission))
    .map(({ href, label }) => ({ href, label }));
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <nav
        aria-label="Main"
        className="border-b border-slate-200 bg-white p-3 md:w-56 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900"
      >
        <Link href="/runs" className="mb-3 block px-3 text-lg font-semibold tracking-tight">
          Runledger
        </Link>
        <NavLinks items={items} />
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-6 py-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          <span data-testid="current-user">
            {user.name} <span className="text-slate-500 dark:text-slate-400">· {roleLabels[user.role]}</span>
          </span>
          <Link
            href="/logout"
            className="rounded-md px-2 py-1 text-brand-700 hover:underline dark:text-brand-100"
          >
            Sign out
          </Link>
        </header>
        <main id="main" className="flex-1 p-6">
          <Providers>{children}</Providers>
        </main>
        <Toaster />
      </div>
    </div>
  );
}
