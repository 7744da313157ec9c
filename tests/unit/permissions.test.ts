import { describe, expect, it } from "vitest";
import { userRoles } from "@/db/schema/enums";
import { can, permissions } from "@/lib/auth/permissions";

describe("permission table", () => {
  it("gives admins everything", () => {
    for (const p of Object.keys(permissions) as (keyof typeof permissions)[])
      expect(can("admin", p)).toBe(true);
  });

  it.each([
    ["recruiter", "runs:start", true],
    ["recruiter", "runs:read_org", false],
    ["recruiter", "analytics:read", false],
    ["analyst", "runs:start", false],
    ["analyst", "runs:read_org", true],
    ["analyst", "analytics:read", true],
    ["analyst", "resumes:read", false],
    ["manager", "runs:bulk", true],
    ["manager", "users:manage", false],
    ["manager", "retention:run", false],
  ] as const)("%s / %s → %s", (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it("names only known roles", () => {
    for (const roles of Object.values(permissions)) for (const r of roles) expect(userRoles).toContain(r);
  });
});
