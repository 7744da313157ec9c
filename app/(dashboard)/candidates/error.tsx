"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function CandidatesError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="Candidates" {...props} />;
}
