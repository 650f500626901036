/**
 * A server runtime (database, dispatcher, scheduler: what `npm start` runs under Astro) that
 * starts a large CSV import as a job, then on SIGTERM stops the way src/server/entry.ts does.
 * Spawned by import-sigterm.test.ts; prints "started <job id>" once the import runs.
 */
import { readMigrationsFromDisk } from "../../db/migrate.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { loadEnv } from "../../src/env.ts";
import { startRuntime } from "../../src/server/runtime.ts";
import { importSubscribers } from "../../src/services/subscribers/import.ts";

const rows = Number(process.env.IMPORT_ROWS ?? 20_000);
const runtime = await startRuntime(loadEnv(), readMigrationsFromDisk(new URL("../../db/migrations", import.meta.url).pathname));
const csv = `email\n${Array.from({ length: rows }, (_, i) => `import${i}@example.com`).join("\n")}\n`;
const job = await importSubscribers(runtime.deps, { actor: SYSTEM }, { csv, consent: true });
console.log(`started ${job.id}`);
const keepAlive = setInterval(() => {}, 60_000);
process.on("SIGTERM", async () => {
  clearInterval(keepAlive);
  await runtime.stop();
  console.log("stopped");
  process.exit(0);
});
