import { z } from "zod";
import { scopeNames } from "@/lib/auth/permissions";

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
  /**
   * Permission names the token may use, each one its creator has. Omitted or empty: everything the
   * creator's role may do except managing tokens (tokens:manage_own and tokens:manage_all are granted
   * only by name). A token minting a token can grant only what it has itself.
   */
  scopes: z
    .array(z.enum(scopeNames))
    .max(scopeNames.length)
    .optional()
    .describe(
      "Permissions the token may use (the names of GET /api/me's permissions). Omitted: all of the creator's but token management.",
    ),
});

export const listTokensQuery = z.strictObject({
  all: z.enum(["true", "false"]).optional(),
});

export const tokenParams = z.strictObject({ tokenId: z.uuid() });
