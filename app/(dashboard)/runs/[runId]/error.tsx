"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function RunError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <SegmentError what="this run" error={error} reset={reset} />;
}
