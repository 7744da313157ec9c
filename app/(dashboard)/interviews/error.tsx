"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function InterviewsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="Interviews" {...props} />;
}
