/**
 * `npm start`: builds the server when the sources are newer than the build, then runs it.
 * Plain Node (types stripped); it imports only src/env.ts from the app, so it starts fast.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { childEnv } from "../env.ts";

const root = process.cwd();
const entry = path.join(root, "dist/server/entry.mjs");
const inputs = ["src", "db", "emails", "public", "astro.config.mjs", "package.json", "package-lock.json"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const changedAt = Math.max(...inputs.map((i) => newestMtime(path.join(root, i))));
if (builtAt < changedAt || process.argv.includes("--build")) {
  console.log(builtAt ? "Sources changed; rebuilding…" : "First start; building…");
  const astro = path.join(root, "node_modules/astro/bin/astro.mjs");
  const result = spawnSync(process.execPath, [astro, "build", "--silent"], {
    stdio: "inherit",
    env: childEnv({ ASTRO_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(pathToFileURL(entry).href);
