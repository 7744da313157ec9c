import "server-only";
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
