import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { appState } from "../../db/schema/index.ts";
import type { Clock } from "../lib/clock.ts";
import { randomSecret } from "../lib/ids.ts";

const KEY = "server_secret";
/** A per-process memo keyed by the database handle: the secret never changes once written, so each Deps reads it once. */
const cache = new WeakMap<object, string>();

/**
 * The server's signing secret, generated once on a fresh machine and kept in app_state so
 * every instance (and the separate worker) derives the same unsubscribe tokens and links.
 */
export async function serverSecret(db: DbOrTx, clock: Clock): Promise<string> {
  const cached = cache.get(db);
  if (cached) return cached;
  await db
    .insert(appState)
    .values({ key: KEY, value: randomSecret(32), updatedAt: clock.now() })
    .onConflictDoNothing();
  const [row] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, KEY));
  if (!row) throw new Error("server secret missing after insert");
  cache.set(db, row.value);
  return row.value;
}
