import { eq } from "drizzle-orm";
import { appState } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { errorFields } from "../lib/logger.ts";
import { HEARTBEAT_KEY_PREFIX } from "../services/backup/restore.ts";

/** Each running instance says so every 10 s; restore refuses a database with a fresh heartbeat. */
export function startHeartbeat(deps: Deps, intervalMs = 10_000): { id: string; stop(): Promise<void> } {
  const id = newId();
  const key = `${HEARTBEAT_KEY_PREFIX}${id}`;
  const beat = () =>
    deps.db
      .insert(appState)
      .values({ key, value: String(process.pid), updatedAt: deps.clock.now() })
      .onConflictDoUpdate({ target: appState.key, set: { updatedAt: deps.clock.now() } })
      .catch((err) => deps.logger.warn("heartbeat failed", errorFields(err)));
  void beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return {
    id,
    async stop() {
      clearInterval(timer);
      await deps.db
        .delete(appState)
        .where(eq(appState.key, key))
        .catch((err) => deps.logger.warn("heartbeat not removed", errorFields(err)));
    },
  };
}
