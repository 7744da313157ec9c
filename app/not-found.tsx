import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <Link href="/runs" className="mt-4 inline-block text-brand-700 underline dark:text-brand-100">
        Back to runs
      </Link>
    </main>
  );
}
