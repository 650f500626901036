import { and, eq, isNull } from "drizzle-orm";
import { subscriber, subscriberToken } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { findSubscriberToken } from "./tokens.ts";

export type ConfirmResult = "confirmed" | "invalid";

/** For the GET page: is this link still good? Reads only — mail scanners prefetch links. */
export async function confirmLinkValid(deps: Pick<Deps, "db" | "clock">, token: string): Promise<boolean> {
  return Boolean(await findSubscriberToken(deps, token, "confirm"));
}

/** The POST: marks the token used and the subscriber confirmed, audited. */
export async function confirmSubscription(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, token: string): Promise<ConfirmResult> {
  authorize(ctx, "subscriber.manage");
  const row = await findSubscriberToken(deps, token, "confirm");
  if (!row) return "invalid";
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const used = await tx
      .update(subscriberToken)
      .set({ usedAt: now })
      .where(and(eq(subscriberToken.id, row.id), isNull(subscriberToken.usedAt)))
      .returning({ id: subscriberToken.id });
    if (!used.length) return "invalid";
    await tx
      .update(subscriber)
      .set({ confirmedAt: now, unsubscribedAt: null, updatedAt: now })
      .where(and(eq(subscriber.id, row.subscriberId), isNull(subscriber.suppressedAt)));
    await recordAudit(tx, deps.clock, ctx, { action: "subscriber.confirm", resourceType: "subscriber", resourceId: row.subscriberId });
    return "confirmed";
  });
}
