import fs from "node:fs";

/** The embedded database directory is open in another process (or already in this one). */
export class DirectoryLockedError extends Error {}

type Owner = { pid: number; command: string; since: string };

const lockFileOf = (dir: string) => `${dir.replace(/[\\/]+$/, "")}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): Owner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Owner>;
    return typeof parsed.pid === "number"
      ? { pid: parsed.pid, command: String(parsed.command ?? "?"), since: String(parsed.since ?? "?") }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock on a PGlite data directory: `<dir>.lock` beside it, created exclusively, holding the
 * owner's pid. PGlite has no lock of its own, and two processes writing one directory corrupt it. A
 * lock whose process is gone (killed) is stale and taken over. Returns the release function (also run
 * when the process exits).
 */
export function lockDirectory(dir: string): () => void {
  const file = lockFileOf(dir);
  const me: Owner = {
    pid: process.pid,
    command: process.argv.slice(1, 3).join(" ").slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        if (readOwner(file)?.pid === me.pid) fs.rmSync(file, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(file);
      if (owner && alive(owner.pid)) {
        const who = owner.pid === process.pid ? "this process" : `process ${owner.pid} (${owner.command})`;
        throw new DirectoryLockedError(
          `The embedded database ${dir} is already open in ${who} since ${owner.since}. ` +
            "Stop that process first, or point PGLITE_DIR at another directory.",
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DirectoryLockedError(`Could not lock the embedded database ${dir} (${file})`);
}
