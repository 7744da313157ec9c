// CPU time of processes on this machine, read from /proc (Linux only; elsewhere every reading is null).
// Both benches use it to say where a run's or a step's CPU goes: the Node side or PostgreSQL.
import fs from "node:fs";

const TICK_MS = 1000 / 100; // USER_HZ: 100 on Linux

/** utime + stime of a process in ms; null when it cannot be read (not Linux, or gone). */
export function processCpu(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU ms of every process named `postgres` (backends and background processes) by pid; null off Linux. */
export function postgresCpu(): Map<number, number> | null {
  let dirs: string[];
  try {
    dirs = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const out = new Map<number, number>();
  for (const d of dirs) {
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue; // exited meanwhile
    }
    const ms = processCpu(Number(d));
    if (ms !== null) out.set(Number(d), ms);
  }
  return out.size ? out : null;
}

/**
 * PostgreSQL CPU ms spent since `before`: every process alive now, less what it had then (a backend
 * started meanwhile counts whole). A backend that exited meanwhile is not counted: read before closing
 * the connections whose work is measured.
 */
export function postgresCpuSince(before: Map<number, number> | null): number | null {
  const now = postgresCpu();
  if (!before || !now) return null;
  let total = 0;
  for (const [pid, ms] of now) total += ms - (before.get(pid) ?? 0);
  return total;
}
