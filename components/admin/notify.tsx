"use client";

import { toast } from "@/components/ui/toast";

export type NoticeTone = "success" | "error" | "info";

/** Action feedback through the dashboard's toasts (mounted once in the layout). */
export function useNotify() {
  return notify;
}

function notify(message: string, tone: NoticeTone = "success", description?: string) {
  toast[tone](message, description);
}
