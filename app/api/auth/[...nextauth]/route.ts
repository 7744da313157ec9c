import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { ApiError } from "@/lib/api/errors";
import { clientIp, limiters } from "@/lib/api/rate-limit";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the embedded secret may be created at first use.
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { nextauth } = await ctx.params;
  if (req.method === "POST" && nextauth.join("/") === "callback/credentials") {
    // password guessing: at most LOGIN_RATE_LIMIT attempts per client address a minute
    const wait = limiters().login.hit(clientIp(req.headers));
    if (wait) {
      return errorResponse(
        new ApiError("rate_limited", "Too many sign-in attempts; try again later", undefined, {
          "retry-after": String(wait),
        }),
      );
    }
  }
  return NextAuth(req, ctx, authOptions());
}

export { handler as GET, handler as POST };
