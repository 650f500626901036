import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { loginThrottle } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";

/**
 * Sign-in attempts slow down exponentially per account *from one IP* and, looser, per IP —
 * never per account alone, so a stranger elsewhere cannot lock the owner out.
 * A few free tries, then 1 s, 2 s, 4 s … 15 min.
 */
const POLICY = { account: { free: 3 }, ip: { free: 10 } } as const;
const MAX_DELAY_MS = 15 * 60 * 1000;

export function throttleKeys(email: string, ip: string | undefined): { account: string; ip: string | null } {
  return { account: `acct:${email.toLowerCase()}|${ip ?? "unknown"}`, ip: ip ? `ip:${ip}` : null };
}

/** Milliseconds until another attempt is allowed for any of the keys (0 = go ahead). */
export async function throttleWait(db: DbOrTx, clock: Clock, keys: string[]): Promise<number> {
  if (!keys.length) return 0;
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
  const now = clock.now().getTime();
  return Math.max(0, ...rows.map((r) => r.blockedUntil.getTime() - now));
}

export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - free - 1));
}

export async function recordFailure(db: DbOrTx, clock: Clock, key: string, kind: keyof typeof POLICY): Promise<void> {
  const now = clock.now();
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  // Counters forget after a quiet day.
  const failures = row && now.getTime() - row.lastFailureAt.getTime() < 24 * 3600_000 ? row.failures + 1 : 1;
  const blockedUntil = new Date(now.getTime() + delayAfter(failures, POLICY[kind].free));
  await db
    .insert(loginThrottle)
    .values({ key, failures, lastFailureAt: now, blockedUntil })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, lastFailureAt: now, blockedUntil } });
}

/** Takes back one counted attempt (a sign-in that succeeded), keeping the rest of the history. */
export async function forgiveAttempt(db: DbOrTx, key: string, kind: keyof typeof POLICY): Promise<void> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  if (!row) return;
  const failures = Math.max(0, row.failures - 1);
  const blockedUntil = new Date(row.lastFailureAt.getTime() + delayAfter(failures, POLICY[kind].free));
  await db.update(loginThrottle).set({ failures, blockedUntil }).where(eq(loginThrottle.key, key));
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
