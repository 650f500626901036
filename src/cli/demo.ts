/**
 * `npm run demo`: migrates the database DATABASE_URL names (default ./data/clarion.db) and seeds
 * a realistic demo page: 32 components in 6 groups, 90 days of incidents and maintenance.
 */
import { migrate, readMigrationsFromDisk } from "../../db/migrate.ts";
import { createDeps } from "../deps.ts";
import { loadEnv } from "../env.ts";
import { ensureDataDir } from "../server/runtime.ts";
import { seedDemo } from "../services/demo/seed.ts";

const env = loadEnv();
ensureDataDir(env.DATABASE_URL);
const { deps, handle } = await createDeps(env);
await migrate(handle.client, readMigrationsFromDisk(new URL("../../db/migrations", import.meta.url).pathname));
const result = await seedDemo(deps);
console.log(
  result.seeded
    ? `Demo seeded into ${env.DATABASE_URL}: ${result.components} components in ${result.groups} groups, ${result.incidents} incidents, ${result.maintenances} maintenances, ${result.updates} updates.`
    : `${env.DATABASE_URL} already has components; nothing seeded (use a fresh database).`,
);
handle.close();
