/** Names shared by the global setup and the per-file helpers (no database imports here). */
export const TEMPLATE_PREFIX = "rl_template_";
export const CLONE_PREFIX = "rl_t_";

/** The same server URL pointing at another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
