import { eq, inArray, sql } from "drizzle-orm";
import { delivery, deliveryBatch } from "../../db/schema/index.ts";
import { type BuiltQuery, writeBatch } from "../../db/sql.ts";
import { webhookSigningSecret } from "../auth/link-signatures.ts";
import type { Deps } from "../deps.ts";
import { batchKey } from "./freeze.ts";
import type { OutgoingEmail, SendOutcome } from "./mailer.ts";
import { backoffMs, type RateBucket } from "./rate-bucket.ts";
import { personalize } from "./render.ts";
import { keyAlreadyUsed, type Member } from "./seal.ts";
import { postWebhook, signWebhook } from "./webhook-send.ts";

type Batch = typeof deliveryBatch.$inferSelect;

/** Posts of one batch in flight at once: each goes to its own receiver, so they need not wait for each other. */
export const PARCEL_CONCURRENCY = 20;

/**
 * The Idempotency-Key of one member's post: the batch's id and that member alone, so a retry of
 * the post carries the same key whatever happened to the batch's other members (for a batch of
 * one, the batch's own key).
 */
export function memberKey(batchId: string, deliveryId: string): string {
  return batchKey(batchId, [deliveryId]);
}

export interface MemberResult {
  id: string;
  outcome: SendOutcome;
}

/**
 * Sends a chat or webhook batch: one post per member, each to its own URL, up to
 * PARCEL_CONCURRENCY at once. Each member succeeds or fails on its own; see recordParcel.
 */
export async function postParcel(deps: Deps, secret: string, batch: Batch, members: Member[]): Promise<MemberResult[]> {
  const results: MemberResult[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < members.length; i = next++) {
      const { d, s } = members[i] as Member;
      const body = JSON.stringify(d.message?.json ?? {});
      const headers: Record<string, string> = { "Idempotency-Key": memberKey(batch.id, d.id) };
      // Signed when sent: the signature's timestamp is checked against the receiver's clock.
      if (batch.channel === "webhook") {
        headers["X-Clarion-Signature"] = signWebhook(webhookSigningSecret(secret, s.id), body, Math.floor(Date.now() / 1000));
      }
      results.push({ id: d.id, outcome: await postWebhook(s.target, body, headers, deps.env.WEBHOOK_ALLOW_PRIVATE) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARCEL_CONCURRENCY, members.length) }, worker));
  return results;
}

/**
 * Records a batch whose members were separate requests, in one write batch: accepted members are
 * sent; a refused one (or any after 24 h of trying) is dead; the rest stay in the batch, which backs
 * off (at least the longest retry-after) and is sent again with only them, each under its own key.
 * The batch is sent once nothing is left to retry, dead only when no member got through.
 */
export async function recordParcel(deps: Deps, batch: Batch, results: MemberResult[], giveUpMs: number): Promise<number> {
  const now = deps.clock.now();
  const attempts = batch.attempts + 1;
  const firstAttemptAt = batch.firstAttemptAt ?? now;
  const expired = now.getTime() - firstAttemptAt.getTime() >= giveUpMs;
  const sent = results.filter((r) => r.outcome.ok).map((r) => r.id);
  const failed = results.flatMap((r) => (r.outcome.ok ? [] : [{ id: r.id, outcome: r.outcome }]));
  const dead = failed.filter((f) => expired || !f.outcome.retryable);
  const retry = failed.filter((f) => !dead.includes(f));
  const writes: BuiltQuery[] = [];
  if (sent.length) {
    // An email sent on its own has the provider's id (its events find the delivery by it).
    const ids = results.flatMap((r) => (r.outcome.ok && r.outcome.ids[0] ? [[r.id, r.outcome.ids[0]] as const] : []));
    const providerId = ids.length
      ? sql.join(
          [sql`CASE ${delivery.id}`, ...ids.map(([id, pid]) => sql`WHEN ${id} THEN ${pid}`), sql`ELSE ${delivery.providerId} END`],
          sql` `,
        )
      : delivery.providerId;
    writes.push(
      deps.db
        .update(delivery)
        .set({ state: "sent", lastError: null, providerId, sentAt: now, updatedAt: now })
        .where(inArray(delivery.id, sent)),
    );
  }
  // One statement per distinct error (the receivers' answers come in a handful of classes).
  const errorOf = (o: Extract<SendOutcome, { ok: false }>) => `${o.status ?? "network"}: ${o.message}`.slice(0, 500);
  for (const [state, group] of [
    ["dead", dead],
    ["sending", retry],
  ] as const) {
    const byError = new Map<string, string[]>();
    for (const f of group) byError.set(errorOf(f.outcome), [...(byError.get(errorOf(f.outcome)) ?? []), f.id]);
    for (const [lastError, ids] of byError) {
      writes.push(deps.db.update(delivery).set({ state, lastError, updatedAt: now }).where(inArray(delivery.id, ids)));
    }
  }
  const last = failed.at(-1)?.outcome;
  const free = { leaseOwner: null, leaseExpiresAt: null };
  if (retry.length) {
    const wait = Math.max(backoffMs(attempts), ...retry.map((r) => r.outcome.retryAfterMs ?? 0));
    writes.push(
      deps.db
        .update(deliveryBatch)
        .set({
          state: "sending",
          attempts,
          firstAttemptAt,
          lastStatus: last?.status ?? null,
          lastError: last ? errorOf(last) : null,
          nextAttemptAt: new Date(now.getTime() + wait),
          // Some got through: the batch ends sent, however its last stragglers end.
          ...(sent.length ? { sentAt: now } : {}),
          ...free,
        })
        .where(eq(deliveryBatch.id, batch.id)),
    );
  } else {
    writes.push(
      deps.db
        .update(deliveryBatch)
        .set({
          // Dead only when no member ever got through (a dead batch offers a retry in the console).
          state: sent.length || batch.sentAt || !dead.length ? "sent" : "dead",
          attempts,
          firstAttemptAt,
          sentAt: sent.length ? now : batch.sentAt,
          lastStatus: last?.status ?? null,
          lastError: last ? errorOf(last) : null,
          ...free,
        })
        .where(eq(deliveryBatch.id, batch.id)),
    );
  }
  await writeBatch(deps.db, writes);
  if (failed.length) {
    deps.logger.warn("posts failed", {
      batch: batch.id,
      channel: batch.channel,
      sent: sent.length,
      retrying: retry.length,
      dead: dead.length,
      attempts,
    });
  }
  return sent.length;
}

/**
 * Sends each member's email as its own request to the provider (one turn of the bucket each), under
 * the member's own key, so a retry of one is the same request and the provider accepts it once.
 * A 429 pauses the bucket for everyone; members not reached before a stop wait in the batch.
 */
export async function sendAlone(
  deps: Deps,
  bucket: RateBucket,
  secret: string,
  batch: Batch,
  members: Member[],
  /** One email as one request, under its key (the mailer's send, with the dispatcher's timeout). */
  sendOne: (email: OutgoingEmail, key: string) => Promise<SendOutcome>,
  signal?: AbortSignal,
): Promise<MemberResult[]> {
  const results: MemberResult[] = [];
  // After the provider fails (no answer, 5xx, 429) the rest of the batch waits for the batch's retry
  // instead: each would take a turn and maybe a full timeout, outliving the lease.
  let held: Extract<SendOutcome, { ok: false }> | null = null;
  for (const { d, s } of members) {
    if (held || !(await bucket.take(signal))) {
      const message = held ? "not sent: the provider failed on an earlier email of this batch" : "not sent before the dispatcher stopped";
      results.push({ id: d.id, outcome: { ok: false, retryable: true, status: null, message, retryAfterMs: held?.retryAfterMs } });
      continue;
    }
    const content = batch.contents?.[d.message?.content ?? ""];
    const mine = content ? personalize(content, secret, deps.env, s.id) : { subject: "", html: "", text: "", headers: {} };
    const email = { to: s.target, ...mine, attachments: content?.attachments ?? [], tags: { delivery: d.id } };
    const outcome = await sendOne(email, memberKey(batch.id, d.id));
    bucket.observe(outcome.rateLimit);
    if (!outcome.ok && outcome.status === 429) bucket.pause(outcome.retryAfterMs ?? 1000);
    if (!outcome.ok && !keyAlreadyUsed(outcome) && (outcome.status === null || outcome.status === 429 || outcome.status >= 500))
      held = outcome;
    // The key already carried an accepted request: this member was sent.
    results.push({ id: d.id, outcome: !outcome.ok && keyAlreadyUsed(outcome) ? { ok: true, ids: [] } : outcome });
  }
  return results;
}
