import http from "node:http";
import https from "node:https";
import { isIPv6 } from "node:net";

export type PostResult = { status: number } | { error: string };

/**
 * POSTs to a URL connecting only to `addresses` (already vetted by the SSRF
 * guard), so a DNS answer that changes between check and connect cannot
 * redirect us. Redirects are not followed; the body is not read beyond 64 KiB.
 * `timeoutMs` bounds the whole exchange (connect, send, answer), not just an
 * idle socket, so a receiver that trickles bytes cannot hold a sender.
 * Every call opens its own connection: a pooled keep-alive socket could have
 * been closed by the receiver meanwhile (a spurious ECONNRESET, counted as a
 * failed attempt) and would not have been opened through this pinning.
 */
export function postPinned(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { addresses: string[]; timeoutMs: number; signal?: AbortSignal },
): Promise<PostResult> {
  const target = new URL(url);
  const address = options.addresses[0];
  if (!address) return Promise.resolve({ error: "no address to connect to" });
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const req = client.request(
      target,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
        timeout: options.timeoutMs,
        signal: options.signal,
        lookup: (_host, opts, cb) => {
          const family = isIPv6(address) ? 6 : 4;
          if ((opts as { all?: boolean }).all)
            (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        res.on("end", () => settle({ status: res.statusCode ?? 0 }));
        res.on("close", () => settle({ status: res.statusCode ?? 0 }));
        res.on("error", () => settle({ status: res.statusCode ?? 0 }));
      },
    );
    deadline = setTimeout(
      () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    req.on("error", (e) => settle({ error: e.message }));
    req.end(body);
  });
}
