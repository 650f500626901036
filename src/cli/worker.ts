/**
 * `npm run worker`: the dispatcher alone, for running delivery apart from the web server
 * (start the server with DISPATCHER=off). Several workers may run at once: claims are leased.
 * SIGTERM/SIGINT finish the current request and give the leases back.
 */
import { migrate, readMigrationsFromDisk } from "../../db/migrate.ts";
import { createDeps } from "../deps.ts";
import { loadEnv } from "../env.ts";
import { Metrics } from "../lib/metrics.ts";
import { createDispatcher } from "../notify/dispatcher.ts";
import { instrumentMailer } from "../notify/instrumented-mailer.ts";
import { oneClickWarning } from "../notify/links.ts";
import { assertDatabaseNotLost, ensureDataDir } from "../server/runtime.ts";
import { processMemoryGauges, startWorkerMetrics } from "../server/worker-metrics.ts";
import { collectDatabaseGauges } from "../services/metrics/collect.ts";

const env = loadEnv();
assertDatabaseNotLost(env);
ensureDataDir(env.DATABASE_URL);
const { deps, handle } = await createDeps(env);
await migrate(handle.client, readMigrationsFromDisk(new URL("../../db/migrations", import.meta.url).pathname));
const metrics = new Metrics();
deps.mailer = instrumentMailer(deps.mailer, metrics);
metrics.collect(() => collectDatabaseGauges(handle.client, deps.clock.now()));
metrics.collect(processMemoryGauges);
const metricsServer = env.WORKER_METRICS_PORT
  ? await startWorkerMetrics(metrics, { port: env.WORKER_METRICS_PORT, host: env.HOST, token: env.METRICS_TOKEN, logger: deps.logger })
  : null;
const dispatcher = createDispatcher(deps);
dispatcher.start(250);
// The dispatcher's timers are unref'd (inside the server they must not hold the process open); here they are the point.
const keepAlive = setInterval(() => {}, 60_000);
deps.logger.info("worker started", { mailer: deps.mailer.kind, lanes: env.DISPATCHER_LANES });
const oneClick = oneClickWarning(env);
if (oneClick) deps.logger.warn(oneClick);

async function shutdown(signal: string): Promise<void> {
  deps.logger.info("worker stopping", { signal });
  clearInterval(keepAlive);
  metricsServer?.close();
  await dispatcher.stop();
  handle.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
