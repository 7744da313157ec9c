"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function WorkflowError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="This workflow" {...props} />;
}
