import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { DbHandle } from "../../db/client.ts";
import { databaseFaultOf } from "../../db/faults.ts";
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
import { LastKnownGood } from "./last-known-good.ts";
import { assertLocalStorage, describeDatabase } from "./storage-check.ts";

export interface Runtime {
  deps: Deps;
  handle: DbHandle;
  migrations: Migration[];
  dispatcher: Dispatcher;
  /** False while a database unreachable at start-up has not answered yet (it is retried until it does). */
  isReady(): boolean;
  /** Settles once the database is migrated and the background work runs. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** First retry of a database unreachable at start-up; doubles up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

/** Creates the data folder for an embedded file database (file:./data/clarion.db). */
export function ensureDataDir(url: string): void {
  if (!url.startsWith("file:") || url.includes(":memory:")) return;
  const file = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

/**
 * A database file that is missing although this install has served pages from it before (its saved
 * public pages are on disk) is not a first start: a volume not mounted, a wrong path, a deleted file.
 * Creating an empty database there would publish "no incidents" and take writes meant for the real
 * one, so the start stops and says what to do instead.
 */
export function assertDatabaseNotLost(env: Pick<Env, "DATABASE_URL" | "PUBLIC_CACHE_DIR">): void {
  const file = localFileOf(env.DATABASE_URL);
  if (!file || existsSync(file)) return;
  const saved = LastKnownGood.savedFor(env.PUBLIC_CACHE_DIR, env.DATABASE_URL);
  if (!saved) return;
  throw new DatabaseLostError(
    `The database file ${file} is missing, but this server has served pages from it before ` +
      `(${saved} saved in ${LastKnownGood.folderFor(env.PUBLIC_CACHE_DIR, env.DATABASE_URL)}). ` +
      "Mount it, restore a backup (npm run admin -- restore --from <backup>) or fix DATABASE_URL. " +
      "To start over with an empty database on purpose, delete that folder first.",
  );
}

export class DatabaseLostError extends Error {}

function localFileOf(url: string): string | null {
  if (!url.startsWith("file:") || url.includes(":memory:")) return null;
  return path.resolve((url.slice("file:".length).split("?")[0] ?? "").replace(/^\/\/(?=\/)/, ""));
}

/** Opens and migrates the database and makes sure what must always exist does (server, worker, CLI). */
export async function prepareDatabase(
  env: Env,
  migrations: Migration[],
  onFileReplaced?: (keptAs: string | null) => void,
): Promise<{ deps: Deps; handle: DbHandle }> {
  const opened = await openDatabase(env, onFileReplaced);
  await readyDatabase(opened.deps, opened.handle, migrations);
  return opened;
}

/** Opens the database handle: no statement runs yet on a libSQL server, so this works while it is away. */
async function openDatabase(env: Env, onFileReplaced?: (keptAs: string | null) => void): Promise<{ deps: Deps; handle: DbHandle }> {
  assertLocalStorage(env.DATABASE_URL);
  assertDatabaseNotLost(env);
  ensureDataDir(env.DATABASE_URL);
  return createDeps(env, {}, { onFileReplaced });
}

/** Migrates and makes sure what must always exist does: the first statements the database sees. */
async function readyDatabase(deps: Deps, handle: DbHandle, migrations: Migration[]): Promise<void> {
  deps.logger.info("database", { url: deps.env.DATABASE_URL.split("?")[0], ...(await describeDatabase(handle.client)) });
  const applied = await migrate(handle.client, migrations);
  if (applied.length) deps.logger.info("migrations applied", { applied });
  await ensureInitialOwner(deps);
  await ensureBuiltinAudiences(deps.db, deps.clock);
  // Created here, not on the first page view, so rendering the public page never has to write.
  await ensurePageSettings(deps.db, deps.clock);
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
  const { deps, handle } = await openDatabase(env, onFileReplaced);
  if (metrics) {
    deps.mailer = instrumentMailer(deps.mailer, metrics);
    metrics.collect(() => collectDatabaseGauges(handle.client, deps.clock.now()));
  }
  const warning = oneClickWarning(env);
  if (warning) deps.logger.warn(warning);
  const dispatcher = createDispatcher(deps);
  const scheduler = createScheduler(deps);
  let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const begin = async () => {
    await readyDatabase(deps, handle, migrations);
    if (stopped) return;
    heartbeat = startHeartbeat(deps);
    if (env.DISPATCHER === "in-process") dispatcher.start();
    scheduler.start(env.JOB_INTERVAL_SECONDS * 1000);
  };
  let isReady = false;
  let ready: Promise<void>;
  try {
    await begin();
    isReady = true;
    ready = Promise.resolve();
  } catch (err) {
    // A libSQL server that is away at start-up: serve the last known good public pages and keep
    // trying, so the instance recovers by itself. Any other failure (a bad migration, a full disk) stops the start.
    if (databaseFaultOf(err) !== "unreachable") throw err;
    deps.logger.error("database unreachable at start-up: serving the last known good public pages and retrying", errorFields(err));
    ready = new Promise<void>((resolve) => {
      const attempt = (delay: number) => {
        retry = setTimeout(() => {
          begin().then(
            () => {
              isReady = true;
              deps.logger.warn("database reachable again: the server is fully up");
              resolve();
            },
            (again: unknown) => {
              if (stopped) return resolve();
              if (databaseFaultOf(again) !== "unreachable") deps.logger.error("start-up still failing", errorFields(again));
              attempt(Math.min(delay * 2, RETRY_MAX_MS));
            },
          );
        }, delay);
      };
      attempt(RETRY_FIRST_MS);
    });
  }
  return {
    deps,
    handle,
    migrations,
    dispatcher,
    isReady: () => isReady,
    ready,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await stopImports();
      // Started only once the database answered: before that there are no leases to give back.
      if (isReady) {
        await scheduler.stop();
        await dispatcher.stop();
        await heartbeat?.stop();
        await checkpoint(handle, deps);
      }
      handle.close();
    },
  };
}
