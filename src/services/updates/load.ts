import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incidentUpdate, message } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { can } from "../../auth/permissions.ts";
import { ForbiddenError, NotFoundError } from "../../lib/errors.ts";

/** An update of the given incident with its current messages, or 404. */
export async function requireUpdate(db: DbOrTx, incidentId: string, updateId: string) {
  const [row] = await db.select().from(incidentUpdate).where(eq(incidentUpdate.id, updateId));
  if (!row || row.incidentId !== incidentId) throw new NotFoundError(`Update ${updateId}`);
  const messages = await db.select().from(message).where(eq(message.updateId, updateId));
  return { row, messages };
}

/** The closure notice and the apology are the closer's words: changing them takes incident.close. */
export function assertMayWriteClosure(ctx: ServiceContext, kind: string): void {
  if ((kind === "closure" || kind === "apology") && !can(ctx.actor, "incident.close"))
    throw new ForbiddenError("Your role or token scopes do not allow incident.close (the closure notice and apology)");
}
