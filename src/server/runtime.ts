import { mkdirSync } from "node:fs";
import path from "node:path";
import type { DbHandle } from "../../db/client.ts";
import { type Migration, migrate } from "../../db/migrate.ts";
import { createDeps, type Deps } from "../deps.ts";
import type { Env } from "../env.ts";
import { createDispatcher, type Dispatcher } from "../notify/dispatcher.ts";

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

/** Opens the database, applies migrations, builds the deps, starts the dispatcher. */
export async function startRuntime(env: Env, migrations: Migration[]): Promise<Runtime> {
  ensureDataDir(env.DATABASE_URL);
  const { deps, handle } = await createDeps(env);
  const applied = await migrate(handle.client, migrations);
  if (applied.length) deps.logger.info("migrations applied", { applied });
  const dispatcher = createDispatcher(deps);
  if (env.DISPATCHER === "in-process") dispatcher.start();
  return {
    deps,
    handle,
    migrations,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      handle.close();
    },
  };
}
