import { eq } from "drizzle-orm";
import { subscriber } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { unsubscribeTokenHash } from "../../auth/link-signatures.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";

/** For the GET page: does this token name a subscriber? (Reads only.) */
export async function unsubscribeTokenValid(deps: Pick<Deps, "db">, token: string): Promise<boolean> {
  if (!/^[a-z2-7]{20,80}$/.test(token)) return false;
  const [row] = await deps.db
    .select({ id: subscriber.id })
    .from(subscriber)
    .where(eq(subscriber.unsubscribeTokenHash, unsubscribeTokenHash(token)));
  return Boolean(row);
}

/**
 * One-click unsubscribe (RFC 8058) by the token in the email: ends only this subscriber, is
 * idempotent (a second click changes nothing and is not re-audited), and is audited. Every
 * batch not yet sent re-checks the subscriber and leaves them out. Unknown tokens: false.
 */
export async function unsubscribeByToken(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, token: string): Promise<boolean> {
  authorize(ctx, "subscriber.manage");
  if (!/^[a-z2-7]{20,80}$/.test(token)) return false;
  const hash = unsubscribeTokenHash(token);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(subscriber).where(eq(subscriber.unsubscribeTokenHash, hash));
    if (!row) return false;
    if (row.unsubscribedAt) return true;
    const now = deps.clock.now();
    await tx.update(subscriber).set({ unsubscribedAt: now, updatedAt: now }).where(eq(subscriber.id, row.id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "subscriber.unsubscribe",
      resourceType: "subscriber",
      resourceId: row.id,
      before: { confirmedAt: row.confirmedAt },
    });
    return true;
  });
}
