import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

/** The dashboard's sections; each is shown only to roles that may use it. */
export const navItems: NavItem[] = [
  { href: "/start", label: "Start", permission: "runs:start" },
  { href: "/runs", label: "Runs", permission: "runs:read_own" },
  { href: "/approvals", label: "Approvals", permission: "runs:approve" },
  { href: "/analytics", label: "Analytics", permission: "analytics:read" },
  { href: "/workflows", label: "Workflows", permission: "workflows:read" },
  { href: "/jobs", label: "Jobs", permission: "jobs:read" },
  { href: "/candidates", label: "Candidates", permission: "resumes:read" },
  { href: "/interviews", label: "Interviews", permission: "interviews:read" },
  { href: "/todos", label: "Todos", permission: "todos:read" },
  { href: "/settings", label: "Settings", permission: "tokens:manage_own" },
  { href: "/api-docs", label: "API", permission: "tokens:manage_own" },
];
