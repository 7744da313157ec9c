"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function TodosError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError what="Todos" {...props} />;
}
