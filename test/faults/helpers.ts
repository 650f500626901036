import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";

const SQLITE3 = process.env.SQLITE3_PATH ?? "/usr/bin/sqlite3";

export interface HeldLock {
  release(): Promise<void>;
}

/** Another process (the sqlite3 shell, as an operator or a backup would) holds the write lock until released. */
export async function holdWriteLock(file: string): Promise<HeldLock> {
  const shell: ChildProcessWithoutNullStreams = spawn(SQLITE3, [file]);
  const exited = new Promise<void>((resolve) => shell.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    shell.stdout.once("data", () => resolve());
    shell.once("error", reject);
    shell.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  });
  return {
    async release() {
      shell.stdin.end("COMMIT;\n");
      await exited;
    },
  };
}

/** One value read by another process, so only committed data counts. */
export function sqliteScalar(file: string, sql: string): string {
  return execFileSync(SQLITE3, [file, sql], { encoding: "utf8" }).trim();
}

/** The longest gap between event-loop turns while it runs: a synchronous wait shows up here. */
export function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}
