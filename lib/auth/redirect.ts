// Where a browser may be sent after signing in: a path on this site, decided by URL parsing
// (the browser's own rules), never by string checks — `/\evil.example` and `/\t/evil.example`
// are paths to a string check but other hosts to a browser.

const BASE = "http://runledger.invalid";

/** `value` as a same-origin path (with query and hash), or `fallback` when it leaves the site. */
export function sameOriginPath(value: string | string[] | undefined, fallback = "/runs"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw?.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise `/.//evil` into `//evil`, which a browser reads as another host.
  return path.startsWith("//") ? fallback : path;
}
