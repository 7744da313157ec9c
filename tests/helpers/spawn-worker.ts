// Spawns tests/helpers/worker-child.ts (a Worker in its own process, on PostgreSQL) for the
// multi-process tests: crash.test.ts (SIGKILL) and connection-kill.test.ts (pg_terminate_backend).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(ROOT, "tests/helpers/worker-child.ts");

export type Child = { proc: ChildProcess; id: string; output: string[]; exited: Promise<number | null> };

/** Spawns the child through tsx with `env` added to this process's environment; waits for its "ready" line. */
export async function spawnWorker(url: string, id: string, env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, url, id], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${id} not ready: ${output.join("")}`)), 60_000);
    proc.stdout!.on("data", (d: Buffer) => {
      output.push(d.toString());
      if (output.join("").includes(`ready ${id}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${id} exited with ${code} before ready: ${output.join("")}`));
    });
  });
  return { proc, id, output, exited };
}

/** Whether the child process is still running (no exit code, no fatal signal). */
export function alive(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}
