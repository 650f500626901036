import { and, eq } from "drizzle-orm";
import { delivery, deliveryBatch, notification } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";

/**
 * Retries a dead letter. A batch the provider may have accepted (sealed) is sent again as the very
 * same request under the same key; one it certainly refused goes back to pending and is re-rendered
 * into new batches (new keys). A transactional email gets a fresh notification row. Audited.
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
      if (b.sealedAt) return resendSealed(tx, deps, ctx, id);
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

type Tx = Parameters<Parameters<Deps["db"]["transaction"]>[0]>[0];

/** Re-queues a sealed batch unchanged, with a fresh 24-hour budget: the provider dedupes it by its key. */
async function resendSealed(tx: Tx, deps: Pick<Deps, "clock">, ctx: ServiceContext, id: string): Promise<{ retried: number }> {
  const now = deps.clock.now();
  const rows = await tx
    .update(delivery)
    .set({ state: "sending", lastError: null, updatedAt: now })
    .where(and(eq(delivery.batchId, id), eq(delivery.state, "dead")))
    .returning({ id: delivery.id });
  await tx
    .update(deliveryBatch)
    .set({
      state: "sending",
      attempts: 0,
      firstAttemptAt: null,
      nextAttemptAt: now,
      lastError: null,
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(eq(deliveryBatch.id, id));
  await recordAudit(tx, deps.clock, ctx, {
    action: "delivery.retry",
    resourceType: "delivery_batch",
    resourceId: id,
    after: { deliveries: rows.length, sameRequest: true },
  });
  return { retried: rows.length };
}
