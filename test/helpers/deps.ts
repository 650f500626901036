import type { Deps } from "../../src/deps.ts";
import { type Env, loadEnv } from "../../src/env.ts";
import { type Clock, fixedClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { capturedMailer, type Mailer } from "../../src/notify/mailer.ts";
import { createTestDb, type TestDb } from "./db.ts";

export interface TestDeps extends Deps {
  clock: ReturnType<typeof fixedClock>;
  testDb: TestDb;
}

/** Deps on a fresh database: captured mail, a clock that only moves when told, no logging. */
export async function createTestDeps(
  options: { env?: Record<string, string>; mailer?: (db: TestDb, clock: Clock, env: Env) => Mailer; now?: string } = {},
): Promise<TestDeps> {
  const testDb = await createTestDb();
  const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: testDb.url, PUBLIC_URL: "http://status.test", ...options.env });
  const clock = fixedClock(options.now ?? "2026-03-02T12:00:00Z");
  const mailer = options.mailer ? options.mailer(testDb, clock, env) : capturedMailer(testDb.db, clock, env.MAIL_FROM);
  return { db: testDb.db, env, clock, logger: silentLogger, mailer, testDb };
}
