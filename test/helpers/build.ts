import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((n) => newest(path.join(p, n))));
}

/** Vitest global setup for e2e: builds the server once when the sources are newer than the build. */
export default function setup(): void {
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
