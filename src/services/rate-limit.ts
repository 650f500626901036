import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { rateLimit } from "../../db/schema/index.ts";
import type { Clock } from "../lib/clock.ts";
import { RateLimitError } from "../lib/errors.ts";

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window counter stored in the database, so the limit holds across instances.
 * Keys name what is limited and for whom, e.g. `subscribe:ip:1.2.3.4`.
 */
export async function consumeRateLimit(db: DbOrTx, clock: Clock, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const now = clock.now().getTime();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(rateLimit).where(eq(rateLimit.key, key));
    if (!row || now - row.windowStartedAt.getTime() >= rule.windowMs) {
      await tx
        .insert(rateLimit)
        .values({ key, count: 1, windowStartedAt: new Date(now) })
        .onConflictDoUpdate({ target: rateLimit.key, set: { count: 1, windowStartedAt: new Date(now) } });
      return { ok: true, remaining: rule.limit - 1 };
    }
    if (row.count >= rule.limit) {
      return { ok: false, retryAfterSeconds: Math.ceil((row.windowStartedAt.getTime() + rule.windowMs - now) / 1000) };
    }
    await tx
      .update(rateLimit)
      .set({ count: row.count + 1 })
      .where(eq(rateLimit.key, key));
    return { ok: true, remaining: rule.limit - row.count - 1 };
  });
}

/** The same, throwing RateLimitError (429 with Retry-After) when the limit is reached. */
export async function enforceRateLimit(db: DbOrTx, clock: Clock, key: string, rule: RateLimitRule): Promise<void> {
  const result = await consumeRateLimit(db, clock, key, rule);
  if (!result.ok) throw new RateLimitError(result.retryAfterSeconds);
}
