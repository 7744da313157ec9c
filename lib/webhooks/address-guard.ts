// SSRF guard for outbound webhook URLs: a tenant-supplied URL must not make our server call its own
// network (databases, admin ports, the cloud metadata service).
//
// Every address the host resolves to is checked, not just the first: an attacker controls their DNS
// and can return one public and one private record. The caller must then connect to one of the
// returned `addresses` (pin them) rather than resolve the name again, or a DNS-rebinding server could
// answer the second lookup with 127.0.0.1; and it must not follow redirects without checking again.
//
// `allowPrivate` exists for development and self-hosted setups (a receiver on localhost). Cloud
// metadata endpoints stay refused even then: no webhook legitimately targets them, and they are the
// most valuable SSRF target (instance credentials).

import { lookup as dnsLookup } from "node:dns/promises";
import { isIPv4, isIPv6 } from "node:net";

export type AddressCategory =
  | "metadata"
  | "unspecified"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "multicast"
  | "reserved";

export type WebhookUrlRefusal =
  | "invalid_url"
  | "unsupported_protocol"
  | "blocked_host"
  | "unresolvable"
  | "blocked_address";

export type WebhookUrlCheck =
  | { ok: true; addresses: string[] }
  | { ok: false; code: WebhookUrlRefusal; reason: string };

export interface CheckWebhookUrlOptions {
  allowPrivate: boolean;
  /** Resolve a host name to all its addresses; defaults to the OS resolver (getaddrinfo). */
  lookup?: (host: string) => Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------------
// Address parsing

function parseIPv4(ip: string): number | null {
  if (!isIPv4(ip)) return null;
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Scope ids ("fe80::1%eth0") only select an interface; the address is what is classified. */
function stripZone(ip: string): string {
  const percent = ip.indexOf("%");
  return percent === -1 ? ip : ip.slice(0, percent);
}

/** 16-bit groups of one side of "::", with a trailing dotted quad turned into two groups. */
function ipv6Groups(part: string): number[] {
  if (part === "") return [];
  return part.split(":").flatMap((group) => {
    const v4 = group.includes(".") ? parseIPv4(group) : null;
    return v4 === null ? [Number.parseInt(group, 16)] : [Math.floor(v4 / 65536), v4 % 65536];
  });
}

function parseIPv6(ip: string): bigint | null {
  const address = stripZone(ip);
  if (!isIPv6(address)) return null;
  const [head = "", tail] = address.split("::");
  const left = ipv6Groups(head);
  const right = tail === undefined ? [] : ipv6Groups(tail);
  // Math.max: a "::" that stands for zero groups would otherwise make a negative array length.
  const zeros = tail === undefined ? 0 : Math.max(0, 8 - left.length - right.length);
  const groups = [...left, ...Array<number>(zeros).fill(0), ...right];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

// ---------------------------------------------------------------------------------------------------
// Ranges

interface V4Range {
  base: number;
  bits: number;
  category: AddressCategory;
}
interface V6Range {
  base: bigint;
  bits: number;
  category: AddressCategory;
}

function v4(cidr: string, category: AddressCategory): V4Range {
  const [address = "", bits = "32"] = cidr.split("/");
  const base = parseIPv4(address);
  if (base === null) throw new Error(`bad IPv4 range ${cidr}`);
  return { base, bits: Number(bits), category };
}

function v6(cidr: string, category: AddressCategory): V6Range {
  const [address = "", bits = "128"] = cidr.split("/");
  const base = parseIPv6(address);
  if (base === null) throw new Error(`bad IPv6 range ${cidr}`);
  return { base, bits: Number(bits), category };
}

function inV4(ip: number, range: V4Range): boolean {
  const size = 2 ** (32 - range.bits);
  return Math.floor(ip / size) === Math.floor(range.base / size);
}

function inV6(ip: bigint, range: V6Range): boolean {
  const shift = BigInt(128 - range.bits);
  return ip >> shift === range.base >> shift;
}

// First match wins, so the exact metadata addresses precede the ranges that contain them.
const V4_RANGES: readonly V4Range[] = [
  v4("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, OpenStack… instance metadata
  v4("169.254.170.2/32", "metadata"), // AWS ECS task metadata
  v4("100.100.100.200/32", "metadata"), // Alibaba Cloud
  v4("168.63.129.16/32", "metadata"), // Azure wire server (public address space, host-only service)
  v4("0.0.0.0/8", "unspecified"), // "this network"; 0.0.0.0 reaches localhost on Linux
  v4("127.0.0.0/8", "loopback"),
  v4("10.0.0.0/8", "private"),
  v4("172.16.0.0/12", "private"),
  v4("192.168.0.0/16", "private"),
  v4("169.254.0.0/16", "link_local"),
  v4("100.64.0.0/10", "cgnat"),
  v4("224.0.0.0/4", "multicast"),
  v4("192.0.0.0/24", "reserved"), // IETF protocol assignments
  v4("192.0.2.0/24", "reserved"), // documentation
  v4("192.88.99.0/24", "reserved"), // deprecated 6to4 relay anycast
  v4("198.18.0.0/15", "reserved"), // benchmarking
  v4("198.51.100.0/24", "reserved"), // documentation
  v4("203.0.113.0/24", "reserved"), // documentation
  v4("240.0.0.0/4", "reserved"), // future use, including 255.255.255.255 broadcast
];

const V6_RANGES: readonly V6Range[] = [
  v6("fd00:ec2::254/128", "metadata"), // AWS instance metadata over IPv6
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("fc00::/7", "private"), // unique local
  v6("fec0::/10", "private"), // deprecated site-local
  v6("fe80::/10", "link_local"),
  v6("ff00::/8", "multicast"),
  v6("64:ff9b:1::/48", "reserved"), // local-use NAT64
  v6("100::/64", "reserved"), // discard
  v6("2001::/32", "reserved"), // Teredo: the IPv4 inside is obfuscated, so it cannot be checked
  v6("2001:2::/48", "reserved"), // benchmarking
  v6("2001:db8::/32", "reserved"), // documentation
  v6("3fff::/20", "reserved"), // documentation
];

// IPv6 forms that carry an IPv4 address; the IPv4 address decides. This is what stops
// "[::ffff:127.0.0.1]" or "[64:ff9b::a9fe:a9fe]" from reaching loopback or metadata.
const IPV4_COMPATIBLE = v6("::/96", "reserved"); // deprecated, not routable
const EMBEDDED_V4_LOW32: readonly V6Range[] = [
  v6("::ffff:0:0/96", "reserved"), // IPv4-mapped
  v6("::ffff:0:0:0/96", "reserved"), // SIIT IPv4-translated
  v6("64:ff9b::/96", "reserved"), // NAT64 well-known prefix
  IPV4_COMPATIBLE,
];
const SIX_TO_FOUR = v6("2002::/16", "reserved"); // 6to4: IPv4 in bits 16..47
const GLOBAL_UNICAST = v6("2000::/3", "reserved");

function classifyIPv4(ip: number): AddressCategory | null {
  return V4_RANGES.find((range) => inV4(ip, range))?.category ?? null;
}

function embeddedIPv4(ip: bigint): number | null {
  if (EMBEDDED_V4_LOW32.some((range) => inV6(ip, range))) return Number(ip & 0xffff_ffffn);
  if (inV6(ip, SIX_TO_FOUR)) return Number((ip >> 80n) & 0xffff_ffffn);
  return null;
}

function classifyIPv6(ip: bigint): AddressCategory | null {
  // Exact addresses first: "::" and "::1" also sit inside the IPv4-compatible prefix.
  const exact = V6_RANGES.find((range) => range.bits === 128 && inV6(ip, range));
  if (exact) return exact.category;
  const inner = embeddedIPv4(ip);
  if (inner !== null) {
    // Mapped, translated, NAT64 and 6to4 forms of a public IPv4 address are as public as it is.
    return classifyIPv4(inner) ?? (inV6(ip, IPV4_COMPATIBLE) ? "reserved" : null);
  }
  const range = V6_RANGES.find((r) => inV6(ip, r));
  if (range) return range.category;
  // Everything outside 2000::/3 is unassigned or special-purpose.
  return inV6(ip, GLOBAL_UNICAST) ? null : "reserved";
}

/**
 * Why an address must not be called, or null for a public unicast address. Input that is not an IP
 * address is classified "reserved": the guard fails closed.
 */
export function classifyAddress(ip: string): AddressCategory | null {
  const a4 = parseIPv4(ip);
  if (a4 !== null) return classifyIPv4(a4);
  const a6 = parseIPv6(ip);
  if (a6 !== null) return classifyIPv6(a6);
  return "reserved";
}

/** True for every address a webhook must not reach without `allowPrivate` (and for non-addresses). */
export function isPrivateAddress(ip: string): boolean {
  return classifyAddress(ip) !== null;
}

// ---------------------------------------------------------------------------------------------------
// URLs

// Names that reach metadata services without a metadata IP ever appearing in our own DNS answers.
const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

const describe: Record<AddressCategory, string> = {
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  link_local: "a link-local address",
  cgnat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

async function systemLookup(host: string): Promise<string[]> {
  const records = await dnsLookup(host, { all: true, verbatim: true });
  return records.map((record) => record.address);
}

/** URL.hostname keeps IPv6 brackets and a trailing root dot; neither is part of the name. */
function normalizeHost(hostname: string): string {
  const unbracketed = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return unbracketed.toLowerCase().replace(/\.+$/, "");
}

function isLocalhostName(host: string): boolean {
  // RFC 6761: localhost and *.localhost always mean loopback, whatever a resolver says.
  return host === "localhost" || host.endsWith(".localhost");
}

async function resolve(
  host: string,
  lookup: (host: string) => Promise<string[]>,
): Promise<{ ok: true; addresses: string[] } | { ok: false; reason: string }> {
  if (isIPv4(host) || isIPv6(host)) return { ok: true, addresses: [host] };
  try {
    const addresses = [...new Set(await lookup(host))];
    if (addresses.length === 0) return { ok: false, reason: `host "${host}" has no addresses` };
    return { ok: true, addresses };
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : "";
    return { ok: false, reason: `host "${host}" could not be resolved${detail}` };
  }
}

/**
 * Decide whether a webhook may be delivered to `url`. On success, `addresses` are the checked IPs
 * to connect to (see the note at the top about pinning).
 */
export async function checkWebhookUrl(
  url: string,
  options: CheckWebhookUrlOptions,
): Promise<WebhookUrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: "invalid_url", reason: "not a valid absolute URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return {
      ok: false,
      code: "unsupported_protocol",
      reason: `protocol "${parsed.protocol}" is not http or https`,
    };
  }
  const host = normalizeHost(parsed.hostname);
  if (host === "") return { ok: false, code: "invalid_url", reason: "the URL has no host" };
  if (METADATA_HOSTS.has(host)) {
    return { ok: false, code: "blocked_host", reason: `host "${host}" is a cloud metadata service` };
  }
  if (!options.allowPrivate && isLocalhostName(host)) {
    return { ok: false, code: "blocked_host", reason: `host "${host}" is loopback` };
  }

  const resolved = await resolve(host, options.lookup ?? systemLookup);
  if (!resolved.ok) return { ok: false, code: "unresolvable", reason: resolved.reason };

  for (const address of resolved.addresses) {
    const category = classifyAddress(address);
    if (category === null || (options.allowPrivate && category !== "metadata")) continue;
    const via = address === host ? `address ${address}` : `host "${host}" resolves to ${address}`;
    return { ok: false, code: "blocked_address", reason: `${via}, ${describe[category]}` };
  }
  return { ok: true, addresses: resolved.addresses };
}
