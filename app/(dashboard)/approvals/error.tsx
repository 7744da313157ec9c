"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function ApprovalsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <SegmentError what="your approvals" error={error} reset={reset} />;
}
