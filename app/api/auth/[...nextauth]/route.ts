import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { signInRefusal, signInWait } from "@/lib/auth/sign-in-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the embedded secret may be created at first use.
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { nextauth } = await ctx.params;
  if (req.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const wait = await signInWait(req);
    if (wait) return signInRefusal(req, wait);
  }
  return NextAuth(req, ctx, authOptions({ secure: req.headers.get("x-forwarded-proto") === "https" }));
}

export { handler as GET, handler as POST };
