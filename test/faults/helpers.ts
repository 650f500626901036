import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { createDb } from "../../db/client.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { createToken } from "../helpers/actors.ts";
import type { RunningServer } from "../helpers/server.ts";

const SQLITE3 = process.env.SQLITE3_PATH ?? "/usr/bin/sqlite3";

export interface HeldLock {
  release(): Promise<void>;
}

/** Another process (the sqlite3 shell, as an operator or a backup would) holds the write lock until released. */
export async function holdWriteLock(file: string): Promise<HeldLock> {
  // -bail: if BEGIN fails the shell exits instead of printing "locked" without the lock.
  const shell: ChildProcessWithoutNullStreams = spawn(SQLITE3, ["-bail", file]);
  const exited = new Promise<void>((resolve) => shell.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    shell.stdout.once("data", () => resolve());
    shell.once("error", reject);
    shell.once("exit", (code) => reject(new Error(`sqlite3 could not take the write lock (exit ${code})`)));
    shell.stdin.write(".timeout 10000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
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

export interface Writer {
  /** POSTs a new component; resolves to the status and the error code, if any. */
  create(name: string): Promise<{ status: number; code?: string; retryAfter: string | null }>;
}

/** An admin token written straight into the server's database file, then a writer that uses it. */
export async function writerFor(server: RunningServer): Promise<Writer> {
  const handle = await createDb(`file:${server.dbFile}`);
  const token = await createToken({ db: handle.db, clock: systemClock } as never, ["read", "write", "publish", "admin"]);
  handle.close();
  const headers = { ...token.headers, "content-type": "application/json" };
  return {
    async create(name) {
      const res = await fetch(`${server.url}/api/admin/components`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name, visibility: "public", status: "operational" }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      return { status: res.status, code: body.error?.code, retryAfter: res.headers.get("retry-after") };
    },
  };
}

/** Components with this name prefix that another process can read in the file. */
export function committedComponents(file: string, prefix: string): number {
  return Number(sqliteScalar(file, `SELECT count(*) FROM component WHERE name LIKE '${prefix}%'`));
}
