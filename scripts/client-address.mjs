// The client address of a request, decided once, by the server that accepted the connection.
// Forwarding headers are believed only as far as TRUST_PROXY says: with N trusted proxies in front,
// the last N addresses of X-Forwarded-For plus the socket were written by them, and the address
// before those is the client's. With 0 (the default) the socket's address is the client: a header
// the client wrote itself decides nothing. Plain JavaScript: scripts/serve.mjs runs it without a build.

/** Header the server sets on every request (overwriting what a client sent); the app reads only it. */
export const CLIENT_ADDRESS_HEADER = "x-runledger-client-address";

/**
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s) as received
 * @param {string | undefined} socketAddress the peer address of the TCP connection
 * @param {number} trustedProxies how many proxies in front of the server to believe
 * @returns {string}
 */
export function clientAddress(forwardedFor, socketAddress, trustedProxies) {
  const peer = normalize(socketAddress ?? "") || "unknown";
  if (!trustedProxies) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((s) => normalize(s.trim()))
    .filter(Boolean);
  const chain = [...hops, peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
}

/** `::ffff:10.0.0.1` is 10.0.0.1; anything that is not an address becomes "". */
function normalize(address) {
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return /^[0-9a-fA-F:.]{2,45}$/.test(a) ? a.toLowerCase() : "";
}

/** TRUST_PROXY: a count of proxies (0–10); anything else refuses to start. */
export function trustedProxyCount(value) {
  if (value === undefined || value === "") return 0;
  if (!/^(10|[0-9])$/.test(value)) {
    throw new Error(
      `TRUST_PROXY must be the number of proxies in front of the server (0-10), got "${value}"`,
    );
  }
  return Number(value);
}

/**
 * Whether a request target's path is not valid percent-encoding (`/api/jobs/%FF`): the client's error
 * (400), which Next.js would otherwise answer with a 500 while matching routes.
 * @param {string | undefined} url
 */
export function malformedPath(url) {
  const path = (url ?? "/").split("?")[0] ?? "/";
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
