import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { subscriberToken } from "../../../db/schema/index.ts";
import { parseToken, secretMatches } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

export type TokenPurpose = (typeof subscriberToken.$inferSelect)["purpose"];
type TokenRow = typeof subscriberToken.$inferSelect;

/** Stores a subscriber's one-time secret (only its hash) for one purpose and lifetime. */
export async function storeSubscriberToken(
  tx: DbOrTx,
  clock: Clock,
  token: { subscriberId: string; purpose: TokenPurpose; secretHash: Uint8Array; ttlMs: number; id?: string },
): Promise<void> {
  const now = clock.now();
  await tx.insert(subscriberToken).values({
    id: token.id ?? newId(),
    subscriberId: token.subscriberId,
    purpose: token.purpose,
    secretHash: Buffer.from(token.secretHash),
    createdAt: now,
    expiresAt: new Date(now.getTime() + token.ttlMs),
  });
}

/** The unused, unexpired row of a presented `<id>.<secret>` token for this purpose, or null. */
export async function findSubscriberToken(
  deps: Pick<Deps, "db" | "clock">,
  token: string,
  purpose: TokenPurpose,
): Promise<TokenRow | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const [row] = await deps.db
    .select()
    .from(subscriberToken)
    .where(
      and(
        eq(subscriberToken.id, parsed.id),
        eq(subscriberToken.purpose, purpose),
        isNull(subscriberToken.usedAt),
        gt(subscriberToken.expiresAt, deps.clock.now()),
      ),
    );
  return row && secretMatches(parsed.secret, row.secretHash) ? row : null;
}
