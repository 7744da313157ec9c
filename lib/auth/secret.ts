import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * The session-signing secret. PostgreSQL mode requires AUTH_SECRET (every web
 * node must agree). Embedded mode generates one on first use and keeps it in
 * the data directory, so `npm start` needs no configuration and sessions
 * survive restarts.
 */
export function authSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) {
    cached = e.AUTH_SECRET;
    return cached;
  }
  const file = path.join(e.dataDir, "auth-secret");
  fs.mkdirSync(e.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(48).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  cached = fs.readFileSync(file, "utf8").trim();
  return cached;
}
