import type { BadgeTone } from "@/components/ui/badge";

export const interviewStatusTone: Record<string, BadgeTone> = {
  scheduled: "blue",
  completed: "green",
  cancelled: "slate",
  no_show: "amber",
};

export const todoStatusTone: Record<string, BadgeTone> = {
  open: "blue",
  in_progress: "amber",
  done: "green",
  cancelled: "slate",
};

export const priorityTone: Record<string, BadgeTone> = { high: "red", normal: "slate", low: "teal" };

export const resumeStatusTone: Record<string, BadgeTone> = {
  uploaded: "slate",
  extracted: "blue",
  parsed: "green",
  failed: "red",
};
