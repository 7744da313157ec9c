import type { UserRole } from "@/db/schema/enums";

/**
 * The one permission table. Handlers and pages ask `can(role, permission)`;
 * nothing else decides what a role may do.
 */
export const permissions = {
  // runs
  "runs:start": ["admin", "manager", "recruiter"],
  "runs:read_own": ["admin", "manager", "recruiter", "analyst"],
  "runs:read_org": ["admin", "manager", "analyst"],
  "runs:operate": ["admin", "manager", "recruiter"], // cancel, retry, rerun, manual start
  "runs:bulk": ["admin", "manager"],
  "runs:approve": ["admin", "manager", "recruiter"], // still limited to the step's approver list
  "runs:import": ["admin", "manager", "recruiter"],
  "runs:export": ["admin", "manager", "analyst"],
  "runs:report": ["admin", "manager", "recruiter"], // external executors report into runs
  // recruiting data
  "jobs:read": ["admin", "manager", "recruiter", "analyst"],
  "jobs:write": ["admin", "manager", "recruiter"],
  "resumes:read": ["admin", "manager", "recruiter"],
  "resumes:write": ["admin", "manager", "recruiter"],
  "interviews:read": ["admin", "manager", "recruiter"],
  "interviews:write": ["admin", "manager", "recruiter"],
  "todos:read": ["admin", "manager", "recruiter"],
  "todos:write": ["admin", "manager", "recruiter"],
  // definitions
  "workflows:read": ["admin", "manager", "recruiter", "analyst"],
  "workflows:write": ["admin", "manager"],
  "configs:write": ["admin"],
  // analytics
  "analytics:read": ["admin", "manager", "analyst"],
  // administration
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  "tokens:manage_own": ["admin", "manager", "recruiter", "analyst"],
  "tokens:manage_all": ["admin"],
  "settings:manage": ["admin"],
  "retention:run": ["admin"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof permissions;

export function can(role: UserRole, permission: Permission): boolean {
  return (permissions[permission] as readonly UserRole[]).includes(role);
}

export const roleLabels: Record<UserRole, string> = {
  admin: "Admin",
  manager: "Manager",
  recruiter: "Recruiter",
  analyst: "Analyst",
};
