import type { UserRole } from "@/db/schema/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; orgId: string; role: UserRole; email: string; name: string; sv: number };
  }
  interface User {
    id: string;
    orgId: string;
    role: UserRole;
    email: string;
    name: string;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    orgId: string;
    role: UserRole;
    /** users.session_version at sign-in; a session whose version is behind has ended. */
    sv?: number;
  }
}
