/** The search params a server page receives. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a search param, or "". */
export function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}
