import type { UserRole } from "@/db/schema/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; orgId: string; role: UserRole; email: string; name: string };
  }
  interface User {
    id: string;
    orgId: string;
    role: UserRole;
    email: string;
    name: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    orgId: string;
    role: UserRole;
  }
}
