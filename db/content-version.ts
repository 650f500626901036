import { eq, sql } from "drizzle-orm";
import type { Clock } from "../src/lib/clock.ts";
import type { DbOrTx } from "./client.ts";
import { appState } from "./schema/index.ts";

const KEY = "content_version";

/**
 * Every write that changes what any viewer may see bumps this number in the same transaction.
 * Render caches on every instance compare it (at most once a second) and drop stale entries.
 */
export async function bumpContentVersion(tx: DbOrTx, clock: Clock): Promise<void> {
  await tx
    .insert(appState)
    .values({ key: KEY, value: "1", updatedAt: clock.now() })
    .onConflictDoUpdate({ target: appState.key, set: { value: sql`CAST(${appState.value} AS INTEGER) + 1`, updatedAt: clock.now() } });
}

export async function readContentVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, KEY));
  return row ? Number(row.value) : 0;
}
