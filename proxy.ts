import { type NextRequest, NextResponse } from "next/server";

// Redirects only: signed-out browsers go to the login page. Every page and API
// handler still checks the session or token itself (lib/auth/session.ts,
// lib/api/handler.ts); a cookie's presence here proves nothing.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = {
  // everything except the API (which answers 401 itself), login/logout, Next internals and static files
  matcher: ["/((?!api/|login|logout|forbidden|_next/|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
