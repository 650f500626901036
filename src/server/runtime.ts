import { mkdirSync } from "node:fs";
import path from "node:path";
import type { DbHandle } from "../../db/client.ts";
import { type Migration, migrate } from "../../db/migrate.ts";
import { createDeps, type Deps } from "../deps.ts";
import type { Env } from "../env.ts";
import { createScheduler } from "../jobs/scheduler.ts";
import { errorFields } from "../lib/logger.ts";
import type { Metrics } from "../lib/metrics.ts";
import { createDispatcher, type Dispatcher } from "../notify/dispatcher.ts";
import { instrumentMailer } from "../notify/instrumented-mailer.ts";
import { oneClickWarning } from "../notify/links.ts";
import { ensureBuiltinAudiences } from "../services/audiences/builtin.ts";
import { ensureInitialOwner } from "../services/auth/setup-owner.ts";
import { collectDatabaseGauges } from "../services/metrics/collect.ts";
import { ensurePageSettings } from "../services/settings/ensure.ts";
import { stopImports } from "../services/subscribers/import-runner.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { assertLocalStorage, describeDatabase } from "./storage-check.ts";

export interface Runtime {
  deps: Deps;
  handle: DbHandle;
  migrations: Migration[];
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/** Creates the data folder for an embedded file database (file:./data/clarion.db). */
export function ensureDataDir(url: string): void {
  if (!url.startsWith("file:") || url.includes(":memory:")) return;
  const file = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

/** Opens and migrates the database and makes sure what must always exist does (server, worker, CLI). */
export async function prepareDatabase(
  env: Env,
  migrations: Migration[],
  onFileReplaced?: (keptAs: string | null) => void,
): Promise<{ deps: Deps; handle: DbHandle }> {
  assertLocalStorage(env.DATABASE_URL);
  ensureDataDir(env.DATABASE_URL);
  const { deps, handle } = await createDeps(env, {}, { onFileReplaced });
  deps.logger.info("database", { url: env.DATABASE_URL.split("?")[0], ...(await describeDatabase(handle.client)) });
  const applied = await migrate(handle.client, migrations);
  if (applied.length) deps.logger.info("migrations applied", { applied });
  await ensureInitialOwner(deps);
  await ensureBuiltinAudiences(deps.db, deps.clock);
  // Created here, not on the first page view, so rendering the public page never has to write.
  await ensurePageSettings(deps.db, deps.clock);
  return { deps, handle };
}

/** Folds the WAL into the database file, so a copy of the stopped file alone is complete (restore, backups by hand). */
async function checkpoint(handle: DbHandle, deps: Deps): Promise<void> {
  if (!handle.url.startsWith("file:")) return;
  await handle.client
    .execute("PRAGMA wal_checkpoint(TRUNCATE)")
    .catch((err) => deps.logger.warn("WAL not checkpointed at shutdown", errorFields(err)));
}

/** The server's runtime: the prepared database plus the heartbeat, dispatcher and scheduler. */
export async function startRuntime(
  env: Env,
  migrations: Migration[],
  metrics?: Metrics,
  onFileReplaced?: (keptAs: string | null) => void,
): Promise<Runtime> {
  const { deps, handle } = await prepareDatabase(env, migrations, onFileReplaced);
  if (metrics) {
    deps.mailer = instrumentMailer(deps.mailer, metrics);
    metrics.collect(() => collectDatabaseGauges(handle.client, deps.clock.now()));
  }
  const warning = oneClickWarning(env);
  if (warning) deps.logger.warn(warning);
  const heartbeat = startHeartbeat(deps);
  const dispatcher = createDispatcher(deps);
  if (env.DISPATCHER === "in-process") dispatcher.start();
  const scheduler = createScheduler(deps);
  scheduler.start(env.JOB_INTERVAL_SECONDS * 1000);
  return {
    deps,
    handle,
    migrations,
    dispatcher,
    async stop() {
      await stopImports();
      await scheduler.stop();
      await dispatcher.stop();
      await heartbeat.stop();
      await checkpoint(handle, deps);
      handle.close();
    },
  };
}
