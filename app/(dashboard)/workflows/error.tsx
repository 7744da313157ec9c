"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function WorkflowsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="Workflows" {...props} />;
}
