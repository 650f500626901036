import { and, eq, isNull } from "drizzle-orm";
import { subscriber } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";

/** Stops all mail to an email address (hard bounce, complaint, or an admin's decision); audited. */
export async function suppressAddress(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  email: string,
  reason: string,
): Promise<boolean> {
  authorize(ctx, "subscriber.manage");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(subscriber)
      .set({ suppressedAt: now, suppressedReason: reason, updatedAt: now })
      .where(and(eq(subscriber.channel, "email"), eq(subscriber.target, email.toLowerCase()), isNull(subscriber.suppressedAt)))
      .returning({ id: subscriber.id });
    for (const r of rows)
      await recordAudit(tx, deps.clock, ctx, {
        action: "subscriber.suppress",
        resourceType: "subscriber",
        resourceId: r.id,
        after: { reason },
      });
    return rows.length > 0;
  });
}

export async function suppressSubscriber(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string, reason: string): Promise<void> {
  authorize(ctx, "subscriber.manage");
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(subscriber)
      .set({ suppressedAt: now, suppressedReason: reason, updatedAt: now })
      .where(eq(subscriber.id, id))
      .returning({ id: subscriber.id });
    if (!rows.length) throw new NotFoundError(`Subscriber ${id}`);
    await recordAudit(tx, deps.clock, ctx, {
      action: "subscriber.suppress",
      resourceType: "subscriber",
      resourceId: id,
      after: { reason },
    });
  });
}

/** Deletes a subscriber and their delivery history (erasure request); audited without the address. */
export async function deleteSubscriber(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "subscriber.manage");
  await deps.db.transaction(async (tx) => {
    const rows = await tx.delete(subscriber).where(eq(subscriber.id, id)).returning({ id: subscriber.id, channel: subscriber.channel });
    if (!rows.length) throw new NotFoundError(`Subscriber ${id}`);
    await recordAudit(tx, deps.clock, ctx, {
      action: "subscriber.delete",
      resourceType: "subscriber",
      resourceId: id,
      before: { channel: rows[0]?.channel },
    });
  });
}
