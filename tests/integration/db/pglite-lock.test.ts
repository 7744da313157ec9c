import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "@/db/client";
import { DirectoryLockedError, lockDirectory } from "@/db/pglite-lock";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "rl-lock-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A process that holds the lock on `dir` (as a second `npm start` would find it) until killed. */
async function holder(dir: string) {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:fs").writeFileSync(${JSON.stringify(`${dir}.lock`)}, JSON.stringify({ pid: process.pid, command: "npm start", since: "then" }), { flag: "wx" }); console.log("locked"); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return child;
}

describe("the embedded database directory is locked by the process that opens it", () => {
  it("a second opener fails at once with a message naming the process that has it", async () => {
    const dir = path.join(root, "busy");
    const child = await holder(dir);
    try {
      expect(() => openPglite(dir)).toThrow(DirectoryLockedError);
      expect(() => openPglite(dir)).toThrow(`already open in process ${child.pid} (npm start)`);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    // its process is gone: the lock is stale and taken over
    const handle = openPglite(dir);
    await handle.db.execute("select 1");
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, "utf8")).pid).toBe(process.pid);
    // twice in one process is refused too
    expect(() => openPglite(dir)).toThrow("already open in this process");
    await handle.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    // and it opens again after closing
    const again = openPglite(dir);
    await again.close();
  });

  it("release only removes a lock that is still its own", () => {
    const dir = path.join(root, "own");
    fs.mkdirSync(dir);
    const release = lockDirectory(dir);
    fs.writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 1, command: "init", since: "boot" }));
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(true);
  });
});
