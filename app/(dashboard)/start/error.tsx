"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function StartError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <SegmentError what="the start page" error={error} reset={reset} />;
}
