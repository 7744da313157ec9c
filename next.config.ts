import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const config: NextConfig = {
  poweredByHeader: false,
  // Only for parallel local e2e servers (see playwright.config.ts); everything else uses .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run typecheck` checks the whole project (tests and scripts too) in CI;
  // checking again inside every build would only double the build time.
  typescript: { ignoreBuildErrors: true },
  // PGlite loads its WebAssembly and data files from its package directory at
  // run time, and postgres.js keeps sockets: both stay plain Node requires.
  // `forbidden()` renders app/(dashboard)/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "unpdf", "mammoth", "tinypool"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
