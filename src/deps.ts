import { createDb, type Db, type DbHandle, type DbOptions } from "../db/client.ts";
import type { Env } from "./env.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { capturedMailer, type Mailer, resendMailer } from "./notify/mailer.ts";

/** The composition root: everything a service needs, passed in, never imported as a singleton. */
export interface Deps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  env: Env;
  logger: Logger;
}

export function createMailer(env: Env, db: Db, clock: Clock): Mailer {
  return env.RESEND_API_KEY
    ? resendMailer(env.RESEND_API_KEY, env.MAIL_FROM, env.RESEND_BASE_URL)
    : capturedMailer(db, clock, env.MAIL_FROM);
}

export async function createDeps(
  env: Env,
  overrides: Partial<Omit<Deps, "env" | "db">> = {},
  dbOptions: Pick<DbOptions, "onFileReplaced"> = {},
): Promise<{ deps: Deps; handle: DbHandle }> {
  const handle = await createDb(env.DATABASE_URL, {
    authToken: env.DATABASE_AUTH_TOKEN,
    syncUrl: env.DATABASE_SYNC_URL,
    syncIntervalSeconds: env.DATABASE_SYNC_INTERVAL,
    ...dbOptions,
  });
  const clock = overrides.clock ?? systemClock;
  const deps: Deps = {
    db: handle.db,
    clock,
    env,
    logger: overrides.logger ?? createLogger(env.LOG_LEVEL),
    mailer: overrides.mailer ?? createMailer(env, handle.db, clock),
  };
  return { deps, handle };
}
