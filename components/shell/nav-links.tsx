"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

// Pages have no loading.tsx: a streamed page is always HTTP 200, and an unknown run must be a 404
// and a page outside the role a 403. The link being followed shows that it is on its way instead.
function PendingHint() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden
      data-pending={pending || undefined}
      className={`ml-2 inline-block size-1.5 rounded-full bg-current align-middle transition-opacity ${
        pending ? "animate-pulse opacity-70" : "opacity-0"
      }`}
    />
  );
}

export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-row gap-1 overflow-x-auto md:flex-col">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm ${
                active
                  ? "bg-brand-100 font-medium text-brand-700 dark:bg-slate-800 dark:text-white"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {item.label}
              <PendingHint />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
