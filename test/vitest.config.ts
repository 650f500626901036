import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    env: { ASTRO_TELEMETRY_DISABLED: "1", TZ: "UTC" },
    projects: [
      // Files share a worker's module cache (isolate: false): importing the app once per worker, not once per
      // file, cuts the fast loop's CPU time by about two thirds. Every test file builds its own Deps and database.
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], isolate: false } },
      { test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 20_000, isolate: false } },
      // The crash, burst and 5,000-subscriber tests: `npm test` (CI) runs them, `npm run test:fast` does not.
      { test: { name: "slow", include: ["test/slow/**/*.test.ts"], testTimeout: 60_000 } },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/helpers/build.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
