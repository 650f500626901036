import { and, asc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import { notification } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { OutgoingEmail } from "./mailer.ts";
import { backoffMs, type RateBucket } from "./rate-bucket.ts";
import { GIVE_UP_MS, withTimeout } from "./send.ts";

/** Transactional mail waiting to be sent and leased by nobody (or by a holder whose lease ran out). */
export function transactionalDue(now: Date): SQL {
  const free = or(isNull(notification.leaseExpiresAt), lt(notification.leaseExpiresAt, now));
  return and(eq(notification.priority, "transactional"), isNull(notification.expandedAt), isNull(notification.deadAt), free) as SQL;
}

/**
 * Sends one due transactional email (the answer says whether one was sent, none was due, or
 * it must be tried again later) (confirmation, manage code, invitation, login link,
 * reminder). These go ahead of bulk fan-out; the key is the notification id, so a retry after
 * a crash is the same request. Same backoff and 24-hour dead letter as bulk mail.
 */
export async function sendNextTransactional(
  deps: Deps,
  owner: string,
  bucket: RateBucket,
  leaseMs: number,
  timeoutMs?: number,
  signal?: AbortSignal,
): Promise<"none" | "sent" | "retry"> {
  const now = deps.clock.now();
  const due = transactionalDue(now);
  const [next] = await deps.db.select({ id: notification.id }).from(notification).where(due).orderBy(asc(notification.createdAt)).limit(1);
  if (!next) return "none";
  const [job] = await deps.db
    .update(notification)
    .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
    .where(and(eq(notification.id, next.id), due))
    .returning();
  if (!job) return "retry"; // another process took it; look again
  const email = (job.payload as { email?: OutgoingEmail } | null)?.email;
  if (!email) {
    await deps.db.update(notification).set({ expandedAt: now, leaseOwner: null, leaseExpiresAt: null }).where(eq(notification.id, job.id));
    return "sent";
  }
  if (!(await bucket.take(signal))) return "retry"; // stopping: the lease is given back
  const outcome = await withTimeout(
    () => deps.mailer.sendBatch([{ ...email, tags: { notification: job.id, ...email.tags } }], `notification-${job.id}`),
    timeoutMs,
  );
  bucket.observe(outcome.rateLimit);
  const done = deps.clock.now();
  if (outcome.ok) {
    await deps.db
      .update(notification)
      .set({ expandedAt: done, leaseOwner: null, leaseExpiresAt: null, lastError: null })
      .where(eq(notification.id, job.id));
    return "sent";
  }
  if (outcome.status === 429) bucket.pause(outcome.retryAfterMs ?? 1000);
  const attempts = job.attempts + 1;
  const firstAttemptAt = job.firstAttemptAt ?? done;
  const dead = !outcome.retryable || done.getTime() - firstAttemptAt.getTime() >= GIVE_UP_MS;
  const retryAt = new Date(done.getTime() + Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts)));
  deps.logger.warn("transactional send failed", { notification: job.id, status: outcome.status, attempts, dead });
  await deps.db
    .update(notification)
    .set({
      attempts,
      firstAttemptAt,
      lastError: `${outcome.status ?? "network"}: ${outcome.message}`.slice(0, 500),
      deadAt: dead ? done : null,
      leaseOwner: dead ? null : "backoff",
      leaseExpiresAt: dead ? null : retryAt,
    })
    .where(eq(notification.id, job.id));
  return "retry";
}
