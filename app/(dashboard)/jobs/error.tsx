"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function JobsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="Jobs" {...props} />;
}
