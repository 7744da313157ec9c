"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function RunsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <SegmentError what="the run history" error={error} reset={reset} />;
}
