import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((n) => newest(path.join(p, n))));
}

const LOCK = path.join(root, "dist.lock");

/** Several test runs may start at once (developers, CI): one builds while the others wait. */
async function withLock(fn: () => void): Promise<void> {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 180_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Vitest global setup for e2e: builds the server once when the sources are newer than the build. */
export default async function setup(): Promise<void> {
  await withLock(build);
}

function build(): void {
  const entry = path.join(root, "dist/server/entry.mjs");
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const changed = Math.max(...["src", "db", "emails", "public", "astro.config.mjs"].map((p) => newest(path.join(root, p))));
  if (built >= changed) return;
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/astro/bin/astro.mjs"), "build", "--silent"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("astro build failed");
}
