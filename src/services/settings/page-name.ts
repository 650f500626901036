import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { pageSettings } from "../../../db/schema/index.ts";

/** The status page's name for email subjects and previews (the single settings row, id 1). */
export async function pageName(db: DbOrTx): Promise<string> {
  const [row] = await db.select({ name: pageSettings.name }).from(pageSettings).where(eq(pageSettings.id, 1));
  return row?.name ?? "Status";
}
