import { describe, expect, it } from "vitest";
import { clientAddress, malformedPath, trustedProxyCount } from "@/scripts/client-address.mjs";

describe("client address", () => {
  it("with no trusted proxy the socket decides, whatever the headers say", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.1", 0)).toBe("203.0.113.1");
    expect(clientAddress(["1.1.1.1", "2.2.2.2"], "::ffff:203.0.113.1", 0)).toBe("203.0.113.1");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("with N trusted proxies the entry before their N is the client, so a forged prefix is skipped", () => {
    // one proxy appends the address it saw; the client forged an entry before it
    expect(clientAddress("6.6.6.6, 198.51.100.7", "10.0.0.2", 1)).toBe("198.51.100.7");
    // two proxies: the CDN appended the client, the load balancer appended the CDN
    expect(clientAddress("6.6.6.6, 198.51.100.7, 172.16.0.9", "10.0.0.2", 2)).toBe("198.51.100.7");
    // fewer hops than proxies configured: the leftmost is the best there is
    expect(clientAddress("198.51.100.7", "10.0.0.2", 3)).toBe("198.51.100.7");
    expect(clientAddress(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
  });

  it("anything that is not an address is dropped rather than used as a key", () => {
    expect(clientAddress("<script>, 198.51.100.7", "10.0.0.2", 1)).toBe("198.51.100.7");
    expect(clientAddress("not-an-ip", "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(clientAddress("2001:DB8::1", "10.0.0.2", 1)).toBe("2001:db8::1");
  });

  it("TRUST_PROXY is a small count or the server refuses to start", () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount("")).toBe(0);
    expect(trustedProxyCount("2")).toBe(2);
    for (const bad of ["true", "-1", "11", "1.5", " 1"])
      expect(() => trustedProxyCount(bad)).toThrow(/TRUST_PROXY/);
  });

  it("a path that is not percent-encoding is refused before routing; a bad query is left to the parser", () => {
    for (const bad of ["/api/jobs/%FF", "/runs/%E0%A4%A", "/%", "/api/x/%C0%AF"])
      expect(malformedPath(bad)).toBe(true);
    for (const ok of ["/", "/api/jobs/JD-000001", "/runs/%E2%9C%93", "/api/x?q=%FF", undefined])
      expect(malformedPath(ok)).toBe(false);
  });
});
