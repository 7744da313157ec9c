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

/** The scope vocabulary of API tokens: the permission names. */
export const scopeNames = Object.keys(permissions) as [Permission, ...Permission[]];

/** Scopes a token must name explicitly: a token without scopes has every other one its role has. */
export const explicitOnlyScopes: readonly Permission[] = ["tokens:manage_own", "tokens:manage_all"];

/**
 * What a caller may do: its role allows it and, for an API token, its scopes do. A session
 * (`scopes: null`) has its role's permissions; a token with scopes has those of them its role has; a
 * token with no scopes has its role's permissions except minting and managing tokens.
 */
export function allows(
  caller: { role: UserRole; scopes: readonly string[] | null },
  permission: Permission,
): boolean {
  if (!can(caller.role, permission)) return false;
  if (caller.scopes === null) return true;
  if (caller.scopes.length === 0) return !explicitOnlyScopes.includes(permission);
  return caller.scopes.includes(permission);
}

/** Every permission a caller has (see allows). */
export function allowedPermissions(caller: {
  role: UserRole;
  scopes: readonly string[] | null;
}): Permission[] {
  return scopeNames.filter((p) => allows(caller, p));
}

export const roleLabels: Record<UserRole, string> = {
  admin: "Admin",
  manager: "Manager",
  recruiter: "Recruiter",
  analyst: "Analyst",
};
