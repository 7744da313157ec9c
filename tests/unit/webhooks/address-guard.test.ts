import { describe, expect, it } from "vitest";
import {
  type AddressCategory,
  checkWebhookUrl,
  classifyAddress,
  isPrivateAddress,
} from "@/lib/webhooks/address-guard";

const cases: [string, AddressCategory | null][] = [
  // public IPv4
  ["8.8.8.8", null],
  ["1.1.1.1", null],
  ["93.184.216.34", null],
  // loopback 127/8
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  // private 10/8, 172.16/12, 192.168/16 — and their edges
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["9.255.255.255", null],
  ["11.0.0.0", null],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.15.255.255", null],
  ["172.32.0.0", null],
  ["192.168.1.1", "private"],
  ["192.169.0.1", null],
  // link-local and metadata
  ["169.254.1.1", "link_local"],
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["100.100.100.200", "metadata"],
  ["168.63.129.16", "metadata"],
  // unspecified / this network
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  // CGNAT 100.64/10
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["100.63.255.255", null],
  ["100.128.0.0", null],
  // multicast and reserved
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["203.0.113.9", "reserved"],
  // IPv6
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["::", "unspecified"],
  ["fc00::1", "private"],
  ["fd12:3456:789a::1", "private"],
  ["fec0::1", "private"],
  ["fe80::1", "link_local"],
  ["fe80::1%eth0", "link_local"],
  ["febf:ffff::1", "link_local"],
  ["ff02::1", "multicast"],
  ["fd00:ec2::254", "metadata"],
  ["2606:4700:4700::1111", null],
  ["2001:4860:4860::8888", null],
  ["2001:db8::1", "reserved"],
  ["2001:0:4136:e378::1", "reserved"],
  ["100::1", "reserved"],
  ["4000::1", "reserved"],
  // IPv4 inside IPv6: the IPv4 address decides
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["0:0:0:0:0:ffff:c0a8:0101", "private"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:169.254.169.254", "metadata"],
  ["::ffff:a9fe:a9fe", "metadata"],
  ["::ffff:100.64.0.1", "cgnat"],
  ["::ffff:0.0.0.0", "unspecified"],
  ["::ffff:8.8.8.8", null],
  ["::ffff:0:127.0.0.1", "loopback"],
  ["64:ff9b::7f00:1", "loopback"],
  ["64:ff9b::169.254.169.254", "metadata"],
  ["64:ff9b::8.8.8.8", null],
  ["64:ff9b:1::1", "reserved"],
  ["2002:7f00:1::", "loopback"],
  ["2002:c0a8:0101::1", "private"],
  ["2002:808:808::1", null],
  ["::127.0.0.1", "loopback"],
  ["::8.8.8.8", "reserved"],
  // not addresses: fail closed
  ["not-an-ip", "reserved"],
  ["", "reserved"],
  ["1.2.3", "reserved"],
  ["010.0.0.1", "reserved"],
  ["[::1]", "reserved"],
];

describe("classifyAddress / isPrivateAddress", () => {
  it.each(cases)("%s → %s", (ip, category) => {
    expect(classifyAddress(ip)).toBe(category);
    expect(isPrivateAddress(ip)).toBe(category !== null);
  });
});

/** A resolver that answers from a table and records what it was asked. */
function fakeLookup(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup = async (host: string): Promise<string[]> => {
    asked.push(host);
    const answer = table[host];
    if (answer === undefined) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return answer;
  };
  return { lookup, asked };
}

const noLookup = async (host: string): Promise<string[]> => {
  throw new Error(`unexpected lookup of ${host}`);
};

describe("checkWebhookUrl", () => {
  it("accepts a public host and returns every address to pin", async () => {
    const { lookup, asked } = fakeLookup({ "hooks.example.com": ["93.184.216.34", "2606:2800:220:1::1"] });
    expect(
      await checkWebhookUrl("https://Hooks.Example.com./runledger?x=1", { allowPrivate: false, lookup }),
    ).toEqual({
      ok: true,
      addresses: ["93.184.216.34", "2606:2800:220:1::1"],
    });
    expect(asked).toEqual(["hooks.example.com"]);
  });

  it("deduplicates addresses", async () => {
    const { lookup } = fakeLookup({ "a.example": ["8.8.8.8", "8.8.8.8"] });
    expect(await checkWebhookUrl("http://a.example/", { allowPrivate: false, lookup })).toEqual({
      ok: true,
      addresses: ["8.8.8.8"],
    });
  });

  it("refuses when any one record is private (mixed answers)", async () => {
    const { lookup } = fakeLookup({ "evil.example": ["93.184.216.34", "10.0.0.7"] });
    expect(await checkWebhookUrl("https://evil.example/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      code: "blocked_address",
      reason: 'host "evil.example" resolves to 10.0.0.7, a private address',
    });
  });

  it.each([
    ["http://127.0.0.1/", "address 127.0.0.1, a loopback address"],
    ["http://2130706433/", "address 127.0.0.1, a loopback address"],
    ["http://0x7f.1/", "address 127.0.0.1, a loopback address"],
    ["http://0/", "address 0.0.0.0, an unspecified address"],
    ["http://[::1]:8080/", "address ::1, a loopback address"],
    ["http://[::]/", "address ::, an unspecified address"],
    ["http://192.168.0.10/", "address 192.168.0.10, a private address"],
    ["http://172.20.1.1/", "address 172.20.1.1, a private address"],
    ["http://100.64.1.1/", "address 100.64.1.1, a carrier-grade NAT address"],
    ["http://169.254.10.10/", "address 169.254.10.10, a link-local address"],
    ["http://[fe80::1]/", "address fe80::1, a link-local address"],
    ["http://[fd00::1]/", "address fd00::1, a private address"],
    ["http://224.0.0.251/", "address 224.0.0.251, a multicast address"],
    ["http://[ff05::1]/", "address ff05::1, a multicast address"],
    // The IPv4-mapped bypass: the URL parser rewrites it to hex groups, the IPv4 inside still decides.
    ["http://[::ffff:127.0.0.1]/", "address ::ffff:7f00:1, a loopback address"],
    ["http://[::ffff:10.1.2.3]/", "address ::ffff:a01:203, a private address"],
    ["http://[64:ff9b::a9fe:a9fe]/", "address 64:ff9b::a9fe:a9fe, a cloud metadata address"],
  ])("refuses the literal %s without a lookup", async (url, reason) => {
    expect(await checkWebhookUrl(url, { allowPrivate: false, lookup: noLookup })).toEqual({
      ok: false,
      code: "blocked_address",
      reason,
    });
  });

  it("accepts public IP literals without a lookup", async () => {
    expect(await checkWebhookUrl("https://8.8.8.8/hook", { allowPrivate: false, lookup: noLookup })).toEqual({
      ok: true,
      addresses: ["8.8.8.8"],
    });
    expect(
      await checkWebhookUrl("https://[2606:4700:4700::1111]/", { allowPrivate: false, lookup: noLookup }),
    ).toEqual({ ok: true, addresses: ["2606:4700:4700::1111"] });
  });

  it("refuses a name that resolves to an IPv4-mapped loopback (DNS AAAA bypass)", async () => {
    const { lookup } = fakeLookup({ "mapped.example": ["::ffff:127.0.0.1"] });
    expect(await checkWebhookUrl("http://mapped.example/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      code: "blocked_address",
      reason: 'host "mapped.example" resolves to ::ffff:127.0.0.1, a loopback address',
    });
  });

  it.each(["http://localhost/", "http://LOCALHOST./x", "http://api.localhost:3000/"])(
    "refuses %s by name, before any lookup",
    async (url) => {
      const result = await checkWebhookUrl(url, { allowPrivate: false, lookup: noLookup });
      expect(result.ok ? null : result.code).toBe("blocked_host");
    },
  );

  describe("allowPrivate", () => {
    it("lets private, loopback and localhost targets through", async () => {
      const { lookup } = fakeLookup({ localhost: ["127.0.0.1", "::1"] });
      expect(await checkWebhookUrl("http://localhost:3001/hook", { allowPrivate: true, lookup })).toEqual({
        ok: true,
        addresses: ["127.0.0.1", "::1"],
      });
      expect(
        await checkWebhookUrl("http://10.0.0.5:8080/", { allowPrivate: true, lookup: noLookup }),
      ).toEqual({
        ok: true,
        addresses: ["10.0.0.5"],
      });
      expect(
        await checkWebhookUrl("http://[::ffff:127.0.0.1]/", { allowPrivate: true, lookup: noLookup }),
      ).toEqual({
        ok: true,
        addresses: ["::ffff:7f00:1"],
      });
    });

    it("still refuses metadata addresses, literally or through DNS", async () => {
      expect(
        await checkWebhookUrl("http://169.254.169.254/latest/meta-data", { allowPrivate: true }),
      ).toEqual({
        ok: false,
        code: "blocked_address",
        reason: "address 169.254.169.254, a cloud metadata address",
      });
      const { lookup } = fakeLookup({ "rebind.example": ["10.0.0.1", "169.254.169.254"] });
      expect(await checkWebhookUrl("http://rebind.example/", { allowPrivate: true, lookup })).toEqual({
        ok: false,
        code: "blocked_address",
        reason: 'host "rebind.example" resolves to 169.254.169.254, a cloud metadata address',
      });
      expect(
        await checkWebhookUrl("http://[fd00:ec2::254]/", { allowPrivate: true, lookup: noLookup }),
      ).toEqual({
        ok: false,
        code: "blocked_address",
        reason: "address fd00:ec2::254, a cloud metadata address",
      });
    });
  });

  it.each([true, false])("refuses metadata host names (allowPrivate %s)", async (allowPrivate) => {
    for (const url of [
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.google.internal./",
      "http://metadata/",
      "http://instance-data/latest/",
    ]) {
      const result = await checkWebhookUrl(url, { allowPrivate, lookup: noLookup });
      expect(result.ok ? null : result.code).toBe("blocked_host");
    }
  });

  it.each([
    "ftp://example.com/",
    "file:///etc/passwd",
    "gopher://example.com/",
    "javascript:alert(1)",
    "ws://x.y/",
  ])("refuses the protocol of %s", async (url) => {
    const result = await checkWebhookUrl(url, { allowPrivate: true, lookup: noLookup });
    expect(result.ok ? null : result.code).toBe("unsupported_protocol");
  });

  it("names the refused protocol", async () => {
    expect(await checkWebhookUrl("ftp://example.com/", { allowPrivate: false, lookup: noLookup })).toEqual({
      ok: false,
      code: "unsupported_protocol",
      reason: 'protocol "ftp:" is not http or https',
    });
  });

  it.each(["not a url", "/relative/path", "http://", "https://[::1/", ""])(
    "refuses the invalid URL %j",
    async (url) => {
      const result = await checkWebhookUrl(url, { allowPrivate: false, lookup: noLookup });
      expect(result.ok ? null : result.code).toBe("invalid_url");
    },
  );

  it("reports lookup failures and empty answers as unresolvable", async () => {
    const { lookup } = fakeLookup({ "empty.example": [] });
    expect(await checkWebhookUrl("https://nxdomain.example/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      code: "unresolvable",
      reason: 'host "nxdomain.example" could not be resolved: getaddrinfo ENOTFOUND nxdomain.example',
    });
    expect(await checkWebhookUrl("https://empty.example/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      code: "unresolvable",
      reason: 'host "empty.example" has no addresses',
    });
  });

  it("resolves through the system resolver by default", async () => {
    const result = await checkWebhookUrl("http://localhost:3000/", { allowPrivate: true });
    expect(result.ok).toBe(true);
    for (const address of result.ok ? result.addresses : [])
      expect(classifyAddress(address)).toBe("loopback");
  });
});
