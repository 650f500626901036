import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** `npm run test:faults`: another process's lock, a full disk, a replaced file, restore, ambiguous sends with changes in between, the worker and imports under SIGTERM and provider faults — one file at a time. */
export default defineConfig({
  root,
  test: {
    env: { ASTRO_TELEMETRY_DISABLED: "1", TZ: "UTC" },
    include: ["test/faults/**/*.test.ts"],
    globalSetup: ["test/helpers/build.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
