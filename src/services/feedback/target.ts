import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { delivery, incident, incidentUpdate, notification, subscriber } from "../../../db/schema/index.ts";
import { NotFoundError } from "../../lib/errors.ts";

/** The update a vote is about: it must exist, be published (not a draft) and not retracted. */
export async function requireVotableUpdate(db: DbOrTx, updateId: string): Promise<{ id: string; incidentId: string }> {
  const [row] = await db
    .select({ id: incidentUpdate.id, incidentId: incidentUpdate.incidentId })
    .from(incidentUpdate)
    .innerJoin(incident, eq(incident.id, incidentUpdate.incidentId))
    .where(and(eq(incidentUpdate.id, updateId), isNull(incidentUpdate.retractedAt), eq(incident.draft, false)));
  if (!row) throw new NotFoundError("The update");
  return row;
}

export async function requireSubscriber(db: DbOrTx, subscriberId: string): Promise<void> {
  const [row] = await db.select({ id: subscriber.id }).from(subscriber).where(eq(subscriber.id, subscriberId));
  if (!row) throw new NotFoundError("The subscriber");
}

/** The delivery that carried this update to this subscriber, when the outbox still has it. */
export async function deliveryFor(db: DbOrTx, updateId: string, subscriberId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: delivery.id })
    .from(delivery)
    .innerJoin(notification, eq(notification.id, delivery.notificationId))
    .where(and(eq(notification.updateId, updateId), eq(delivery.subscriberId, subscriberId)))
    .orderBy(desc(delivery.createdAt))
    .limit(1);
  return row?.id ?? null;
}
