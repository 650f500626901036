import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incidentUpdate, message } from "../../../db/schema/index.ts";
import { NotFoundError } from "../../lib/errors.ts";

/** An update of the given incident with its current messages, or 404. */
export async function requireUpdate(db: DbOrTx, incidentId: string, updateId: string) {
  const [row] = await db.select().from(incidentUpdate).where(eq(incidentUpdate.id, updateId));
  if (!row || row.incidentId !== incidentId) throw new NotFoundError(`Update ${updateId}`);
  const messages = await db.select().from(message).where(eq(message.updateId, updateId));
  return { row, messages };
}
