import { z } from "zod";

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
  scopes: z.array(z.string().min(1).max(50)).max(20).optional(),
});

export const listTokensQuery = z.strictObject({
  all: z.enum(["true", "false"]).optional(),
});

export const tokenParams = z.strictObject({ tokenId: z.uuid() });
