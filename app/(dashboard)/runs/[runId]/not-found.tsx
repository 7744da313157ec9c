import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function RunNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">Run not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        There is no run with this id that you can see. It may belong to another organization, or the link may
        be mistyped.
      </p>
      <Link href="/runs" className={buttonClass("primary", "md", "mt-5")}>
        Back to runs
      </Link>
    </div>
  );
}
