import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { buildIfStale } from "../../src/cli/shared.ts";

const root = path.resolve(import.meta.dirname, "../..");

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
  buildIfStale(root);
}
