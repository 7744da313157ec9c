import type { UserRole } from "@/db/schema/enums";

/** Demo logins created in embedded mode on an empty database (documented in the README). */
export const DEMO_PASSWORD = "runledger-demo";
export const DEMO_ORG = { name: "Acme Talent (demo)", slug: "acme-demo" } as const;

export const demoAccounts: { role: UserRole; email: string; name: string }[] = [
  { role: "admin", email: "admin@acme.example", name: "Ada Admin" },
  { role: "manager", email: "manager@acme.example", name: "Morgan Manager" },
  { role: "recruiter", email: "recruiter@acme.example", name: "Riley Recruiter" },
  { role: "analyst", email: "analyst@acme.example", name: "Avery Analyst" },
];
