import { and, eq } from "drizzle-orm";
import { delivery, deliveryBatch, notification } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";

/**
 * Retries a dead letter. A bulk batch's deliveries go back to pending and are re-rendered into
 * new batches (new ids, so new Idempotency-Keys); a transactional email gets a fresh
 * notification row (its key is the notification id). Audited.
 */
export async function retryDeadLetter(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  type: "batch" | "email",
  id: string,
): Promise<{ retried: number }> {
  authorize(ctx, "subscriber.manage");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (type === "batch") {
      const [b] = await tx
        .select()
        .from(deliveryBatch)
        .where(and(eq(deliveryBatch.id, id), eq(deliveryBatch.state, "dead")));
      if (!b) throw new NotFoundError(`Dead batch ${id}`);
      const rows = await tx
        .update(delivery)
        .set({ state: "pending", batchId: null, message: null, nextAttemptAt: now, lastError: null, updatedAt: now })
        .where(and(eq(delivery.batchId, id), eq(delivery.state, "dead")))
        .returning({ id: delivery.id });
      // The dead batch is done with: its deliveries form new batches (new ids, so new keys); the audit row keeps the story.
      await tx.delete(deliveryBatch).where(eq(deliveryBatch.id, id));
      await recordAudit(tx, deps.clock, ctx, {
        action: "delivery.retry",
        resourceType: "delivery_batch",
        resourceId: id,
        after: { deliveries: rows.length },
      });
      return { retried: rows.length };
    }
    const [n] = await tx
      .select()
      .from(notification)
      .where(and(eq(notification.id, id), eq(notification.priority, "transactional")));
    if (!n?.deadAt) throw new NotFoundError(`Dead email ${id}`);
    const fresh = newId();
    await tx.insert(notification).values({ id: fresh, kind: n.kind, priority: "transactional", payload: n.payload, createdAt: now });
    await tx.delete(notification).where(eq(notification.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "delivery.retry",
      resourceType: "notification",
      resourceId: id,
      after: { retriedAs: fresh },
    });
    return { retried: 1 };
  });
}
