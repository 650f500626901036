/** What the command-line entry points share: building when stale, and finding a free port. Plain Node. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { childEnv } from "../env.ts";

const INPUTS = ["src", "db", "emails", "public", "astro.config.mjs", "package.json", "package-lock.json"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** The built server's entry file under `root`. */
export const serverEntry = (root: string): string => path.join(root, "dist/server/entry.mjs");

/** True when a source, config or lock file is newer than the build (or there is no build). */
export function buildIsStale(root: string): boolean {
  const entry = serverEntry(root);
  const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  return builtAt < Math.max(...INPUTS.map((i) => newestMtime(path.join(root, i))));
}

/** Runs `astro build` when the build is stale (or `force`); throws when the build fails. */
export function buildIfStale(root: string, options: { force?: boolean; say?: (line: string) => void } = {}): boolean {
  const stale = buildIsStale(root);
  if (!stale && !options.force) return false;
  options.say?.(existsSync(serverEntry(root)) ? "Sources changed; rebuilding…" : "No build yet; building…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/astro/bin/astro.mjs"), "build", "--silent"], {
    cwd: root,
    stdio: "inherit",
    env: childEnv({ ASTRO_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) throw new Error(`astro build failed (exit ${result.status})`);
  return true;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
