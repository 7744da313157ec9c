import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { CLIENT_ADDRESS_HEADER } from "@/scripts/client-address.mjs";
import { getDb } from "@/db/client";
import { checkCredentials, endSessions } from "./login";
import { authSecret } from "./secret";

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * Built on demand: the secret may be generated at first use (embedded mode). `secure`: the request
 * arrived over TLS (scripts/serve.mjs sets X-Forwarded-Proto from the connection or a trusted proxy), so
 * the session cookie is `Secure` (and `__Secure-` named) even without an https NEXTAUTH_URL.
 */
export function authOptions(request: { secure?: boolean } = {}): NextAuthOptions {
  return {
    secret: authSecret(),
    useSecureCookies: request.secure || process.env.NEXTAUTH_URL?.startsWith("https://") === true,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login" },
    // The public URL is taken from the request (one build serves localhost, 127.0.0.1 and a proxy),
    // so next-auth's reminder to set NEXTAUTH_URL is noise; real warnings still reach the log.
    logger: {
      warn: (code) => {
        if (code !== "NEXTAUTH_URL") console.warn(`[next-auth] ${code}`);
      },
      error: (code, metadata) => console.error(`[next-auth] ${code}`, metadata),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const address = header(req?.headers, CLIENT_ADDRESS_HEADER);
          return checkCredentials(getDb().db, parsed.data, {
            ipAddress: address && address !== "unknown" ? address : null,
            userAgent: header(req?.headers, "user-agent"),
          });
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.orgId = user.orgId;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.uid,
          orgId: token.orgId,
          role: token.role,
          email: token.email ?? "",
          name: token.name ?? "",
          sv: token.sv ?? 0,
        };
        return session;
      },
    },
    events: {
      // signing out ends the session everywhere: a copy of the cookie taken before stops working
      async signOut({ token }) {
        if (token?.uid && token.orgId) await endSessions(getDb().db, token.uid, token.orgId);
      },
    },
  };
}
