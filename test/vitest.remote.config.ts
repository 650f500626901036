import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** `npm run test:remote`: the integration suite against the libSQL server stand-in instead of local files. */
export default defineConfig({
  root,
  test: {
    env: { ASTRO_TELEMETRY_DISABLED: "1", TZ: "UTC" },
    include: ["test/integration/**/*.test.ts"],
    globalSetup: ["test/helpers/remote-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
