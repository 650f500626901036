import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../src/cli/shared.ts";

export { freePort };

const root = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  process: ChildProcess;
  dbFile: string;
  logs: string[];
  /** Milliseconds from spawn to the first 200 from /healthz. */
  readyInMs: number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built server (dist/server/entry.mjs) on a fresh database and waits for /healthz. */
export async function startServer(env: Record<string, string> = {}, options: { dbFile?: string } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-e2e-"));
  const dbFile = options.dbFile ?? path.join(dir, "clarion.db");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, "dist/server/entry.mjs")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbFile}`,
      PUBLIC_CACHE_DIR: path.join(dir, "public-cache"),
      PUBLIC_URL: url,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let readyInMs = -1;
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${logs.join("")}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      readyInMs = performance.now() - started;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (readyInMs < 0) {
    child.kill("SIGKILL");
    throw new Error(`server did not become healthy:\n${logs.join("")}`);
  }
  return {
    url,
    process: child,
    dbFile,
    logs,
    readyInMs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * A public URL once its copy is current: after a write, readers get the previous copy
 * (`X-Cache: STALE`) until the new render is ready, which is what a test usually waits for.
 */
export async function fetchFresh(url: string, init?: RequestInit): Promise<Response> {
  for (let started = performance.now(); performance.now() - started < 10_000; ) {
    const res = await fetch(url, init);
    if (res.headers.get("x-cache") !== "STALE") return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} stayed stale for 10 s`);
}
