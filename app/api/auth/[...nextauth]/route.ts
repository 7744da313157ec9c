import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the embedded secret may be created at first use.
const handler = (req: NextRequest, ctx: Ctx): Promise<Response> => NextAuth(req, ctx, authOptions());

export { handler as GET, handler as POST };
