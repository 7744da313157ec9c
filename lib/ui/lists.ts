// List endpoints answer `{ <plural>: [...], total, next_cursor }`; this reads the array out of
// such a body (or a bare array) without trusting its shape beyond "objects with an id".

export function listOf<T extends { id: string }>(body: unknown, ...keys: string[]): T[] {
  const candidates: unknown[] = [body];
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const rec = body as Record<string, unknown>;
    for (const k of [...keys, "items", "data", "results"]) candidates.push(rec[k]);
  }
  for (const c of candidates) {
    if (Array.isArray(c)) {
      return c.filter(
        (x): x is T => typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string",
      );
    }
  }
  return [];
}
