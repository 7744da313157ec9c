import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-xl font-semibold">Not available to your role</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Ask an admin if you need access.</p>
      <Link href="/runs" className="mt-4 inline-block text-brand-700 underline dark:text-brand-100">
        Back to runs
      </Link>
    </main>
  );
}
