import "server-only";
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { ApiError } from "./errors";

export type StoredResponse = { status: number; body: unknown };

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

/**
 * Idempotency-Key on creates, scoped to the caller (user or token):
 * the same key and body replay the stored response; a different body is 422;
 * a request still in flight is 409. A failed request releases its key so the
 * client can retry. Keys expire after 24 hours.
 */
export async function withIdempotency(
  db: Database,
  scope: { orgId: string; principal: string; key: string; method: string; path: string; body: string },
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!KEY_PATTERN.test(scope.key)) {
    throw new ApiError("validation_error", "Idempotency-Key must be 1–200 letters, digits or . _ : -");
  }
  const hash = requestHash(scope.method, scope.path, scope.body);
  const where = and(
    eq(idempotencyKeys.orgId, scope.orgId),
    eq(idempotencyKeys.principal, scope.principal),
    eq(idempotencyKeys.key, scope.key),
  );
  const claimed = await withTenant(db, scope.orgId, async (tx) => {
    await tx.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, sql`now()`)));
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({
        orgId: scope.orgId,
        principal: scope.principal,
        key: scope.key,
        method: scope.method,
        path: scope.path,
        requestHash: hash,
      })
      .onConflictDoNothing()
      .returning({ id: idempotencyKeys.id });
    if (inserted.length) return null;
    const [existing] = await tx.select().from(idempotencyKeys).where(where);
    return existing ?? null;
  });
  if (claimed) {
    if (claimed.requestHash !== hash) {
      throw new ApiError("unprocessable", "This Idempotency-Key was used with a different request");
    }
    if (claimed.state === "in_flight")
      throw new ApiError("conflict", "A request with this Idempotency-Key is still in progress");
    return { status: claimed.responseStatus ?? 200, body: claimed.responseBody, replayed: true };
  }
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    await withTenant(db, scope.orgId, (tx) => tx.delete(idempotencyKeys).where(where));
    throw error;
  }
  await withTenant(db, scope.orgId, (tx) =>
    tx
      .update(idempotencyKeys)
      .set({ state: "completed", responseStatus: response.status, responseBody: response.body })
      .where(where),
  );
  return { ...response, replayed: false };
}
