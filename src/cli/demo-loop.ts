/**
 * `npm run demo:loop` (after `npm run demo`): adds subscribers and stakeholder feedback to the
 * demo database for the insights dashboard, then prints how long each dashboard query takes.
 */
import { migrate, readMigrationsFromDisk } from "../../db/migrate.ts";
import { createDeps } from "../deps.ts";
import { loadEnv } from "../env.ts";
import { seedLoopDemo } from "../services/insights/demo-seed.ts";
import { getInsights } from "../services/insights/get.ts";
import { INSIGHT_WINDOWS } from "../services/insights/window.ts";
import { getReview } from "../services/reviews/get.ts";
import { listReviews } from "../services/reviews/list.ts";

const env = loadEnv();
const { deps, handle } = await createDeps(env);
await migrate(handle.client, readMigrationsFromDisk(new URL("../../db/migrations", import.meta.url).pathname));
const seeded = await seedLoopDemo(deps);
console.log(
  seeded.subscribers
    ? `Seeded ${seeded.subscribers} subscribers and ${seeded.votes} feedback votes into ${env.DATABASE_URL}.`
    : `${env.DATABASE_URL} already has feedback; nothing added.`,
);
await getInsights(deps, 90); // warm the connection and statement cache, as a running server would be
for (const days of INSIGHT_WINDOWS) {
  const { timings, tables } = await getInsights(deps, days);
  const incidents = tables.impact.rows.reduce((s, r) => s + r.slice(1).reduce<number>((a, b) => a + Number(b), 0), 0);
  console.log(
    `insights ${days} days (${incidents} incidents): ${Object.entries(timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(", ")}`,
  );
}
const t0 = performance.now();
const reviews = await listReviews(deps);
const t1 = performance.now();
if (reviews[0]) await getReview(deps, reviews[0].incidentId);
console.log(`reviews list (${reviews.length}) ${(t1 - t0).toFixed(1)} ms, one review ${(performance.now() - t1).toFixed(1)} ms`);
handle.close();
