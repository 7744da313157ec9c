import "server-only";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { clientIp, limiters } from "@/lib/api/rate-limit";

/**
 * Password guessing: counts a sign-in attempt against its client address and its account and returns
 * the seconds to wait when either is over LOGIN_RATE_LIMIT a minute (0 to go on). Per address bounds
 * one guesser spraying many accounts; per account bounds many addresses against one. Keys never mix
 * organizations' users with a shared fallback key.
 */
export async function signInWait(req: Request): Promise<number> {
  const email = await req
    .clone()
    .formData()
    .then((form) =>
      String(form.get("email") ?? "")
        .trim()
        .toLowerCase()
        .slice(0, 320),
    )
    .catch(() => "");
  const byAddress = limiters().login.hit(clientIp(req.headers));
  const byAccount = email ? limiters().loginAccount.hit(email) : 0;
  return Math.max(byAddress, byAccount);
}

/**
 * The refusal of a sign-in over the limit: 429 with Retry-After and the API's error body, plus the
 * `url` next-auth's client reads from every credentials answer (it parses `new URL(data.url)`, so a body
 * without one made signIn() throw and left the login form on "Signing in…"); its `error` parameter
 * reaches the form as `result.error`, with `result.status` 429.
 */
export async function signInRefusal(req: Request, wait: number): Promise<Response> {
  const refused = errorResponse(
    new ApiError("rate_limited", "Too many sign-in attempts; try again later", undefined, {
      "retry-after": String(wait),
    }),
  );
  const body = (await refused.json()) as Record<string, unknown>;
  const url = new URL("/login?error=rate_limited", req.url).toString();
  return Response.json({ ...body, url }, { status: refused.status, headers: refused.headers });
}
