import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { pageSettings } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

/** Creates the one settings row with a fresh public page id; idempotent, safe on every start. */
export async function ensurePageSettings(db: DbOrTx, clock: Clock): Promise<void> {
  await db.insert(pageSettings).values({ id: 1, pageId: newId(), updatedAt: clock.now() }).onConflictDoNothing();
  await db.update(pageSettings).set({ pageId: newId() }).where(eq(pageSettings.pageId, ""));
}
