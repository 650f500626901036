import { and, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { delivery, deliveryBatch } from "../../db/schema/index.ts";
import { writeBatch } from "../../db/sql.ts";
import type { Deps } from "../deps.ts";
import { hasAttachments } from "./calendar-mail.ts";
import { batchKey } from "./freeze.ts";
import type { OutgoingEmail, SendOutcome } from "./mailer.ts";
import { postParcel, recordParcel, sendAlone } from "./parcel.ts";
import { backoffMs, type RateBucket } from "./rate-bucket.ts";
import { personalize } from "./render.ts";
import { acceptedByEvidence, batchMembers, definitelyRefused, goneMembers, keyAlreadyUsed, type Member, sealBatch } from "./seal.ts";

export const GIVE_UP_MS = 24 * 60 * 60_000;

type Batch = typeof deliveryBatch.$inferSelect;

/**
 * Leases one batch that is due: frozen and waiting (new or in backoff), or whose holder's lease
 * expired. The candidate is read without a lock; the claim is one conditional UPDATE, so two
 * processes racing for it cannot both win, and an idle pass never takes the write lock.
 */
/** A batch in one of `states`, due, and leased by nobody (or by a holder whose lease ran out). */
export function batchLeasable(now: Date, states: ("forming" | "sending")[]): SQL {
  const free = or(isNull(deliveryBatch.leaseExpiresAt), lt(deliveryBatch.leaseExpiresAt, now));
  return and(inArray(deliveryBatch.state, states), lte(deliveryBatch.nextAttemptAt, now), free) as SQL;
}

export async function leaseBatch(deps: Deps, owner: string, leaseMs: number, states: ("forming" | "sending")[]): Promise<Batch | null> {
  const now = deps.clock.now();
  const leasable = batchLeasable(now, states);
  const [next] = await deps.db
    .select({ id: deliveryBatch.id })
    .from(deliveryBatch)
    .where(leasable)
    // Forming first: a crashed process's claim is finished before anything is (re)sent.
    .orderBy(sql`${deliveryBatch.state} = 'forming' DESC`, deliveryBatch.nextAttemptAt)
    .limit(1);
  if (!next) return null;
  const [claimed] = await deps.db
    .update(deliveryBatch)
    .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
    .where(and(eq(deliveryBatch.id, next.id), leasable))
    .returning();
  return claimed ?? null;
}

/**
 * Sends one frozen batch and records the outcome; resolves to how many messages the provider
 * accepted. An unsubscribe or suppression since freezing removes that member only while the batch
 * is unsealed (no request can have been accepted): a sealed batch is always the same request.
 */
export async function sendBatch(
  deps: Deps,
  bucket: RateBucket,
  secret: string,
  batch: Batch,
  timeoutMs = SEND_TIMEOUT_MS,
  signal?: AbortSignal,
  /**
   * A batch this process has just frozen: its members as frozen, and whether the freeze sealed it in
   * the same write (then no request can have left before, and there is no separate seal).
   */
  fresh?: { members: Member[]; sealed: boolean },
): Promise<number> {
  const sealed = batch.sealedAt !== null;
  // A chat or webhook batch's members are separate requests (so are emails with attachments): those already sent are done.
  const parcel = batch.channel !== "email" || hasAttachments(batch);
  let members = fresh ? fresh.members : await batchMembers(deps, batch.id, sealed && !parcel);
  const now = deps.clock.now();
  let key =
    batch.key ??
    batchKey(
      batch.id,
      members.map((m) => m.d.id),
    );
  if (sealed && acceptedByEvidence(members)) {
    // The provider reported on a member, so it accepted the batch: asking again could only duplicate.
    await recordSent(deps, batch.id, [], []);
    return 0;
  }
  const gone = sealed ? [] : goneMembers(members);
  if (gone.length) {
    members = members.filter((m) => !gone.includes(m));
    key = batchKey(
      batch.id,
      members.map((m) => m.d.id),
    );
    await deps.db.transaction(async (tx) => {
      await tx
        .update(delivery)
        .set({ state: "skipped", batchId: null, lastError: "unsubscribed before sending", updatedAt: now })
        .where(
          inArray(
            delivery.id,
            gone.map((m) => m.d.id),
          ),
        );
      await tx.update(deliveryBatch).set({ key, size: members.length }).where(eq(deliveryBatch.id, batch.id));
    });
  }
  if (!members.length) {
    await deps.db
      .update(deliveryBatch)
      .set({ state: "sent", sentAt: now, leaseOwner: null, leaseExpiresAt: null })
      .where(eq(deliveryBatch.id, batch.id));
    return 0;
  }
  if (parcel) {
    // Chat and webhook posts go each to its own receiver's URL (one message per URL per update): they
    // neither wait for the email provider's turn nor pause email. Each member is its own request under
    // its own key, sent (or retried) on its own; a sealed batch still never loses or gains a member.
    // An email with an attachment goes on its own too, each taking a turn of the provider's bucket.
    if (!fresh?.sealed) await sealBatch(deps, batch.id);
    const sendOne = (email: OutgoingEmail, key: string) => withTimeout(() => deps.mailer.send(email, key), timeoutMs);
    const results =
      batch.channel === "email"
        ? await sendAlone(deps, bucket, secret, batch, members, sendOne, signal)
        : await postParcel(deps, secret, batch, members);
    return recordParcel(deps, batch, results, GIVE_UP_MS);
  }
  // Everything but the request itself is prepared before the turn is taken, the seal included (a
  // write that may wait for the shared lock), so requests leave as evenly spaced as the bucket hands
  // out turns: a seal between turn and request bunched them, and the provider's window answered 429.
  // From the seal on, the request never changes; a process stopping before its turn leaves it sealed,
  // and whoever sends it later sends exactly this request.
  const send = prepare(deps, secret, batch, key, members, timeoutMs);
  const sealedNow = fresh?.sealed ? true : await sealBatch(deps, batch.id);
  // The bucket paces the email provider's account.
  const provider = bucket;
  if (!(await provider.take(signal))) return 0; // stopping: the lease is given back, nothing left
  const outcome = await send();
  const ids = members.map((m) => m.d.id);
  if (provider.recovered(outcome.ok, !outcome.ok && (outcome.status === null || outcome.status >= 500))) await pullForward(deps);
  if (outcome.ok) {
    provider.observe(outcome.rateLimit);
    await recordSent(deps, batch.id, ids, outcome.ids);
    return members.length;
  }
  provider.observe(outcome.rateLimit);
  if (outcome.status === 429) provider.pause(outcome.retryAfterMs ?? 1000);
  if (keyAlreadyUsed(outcome)) {
    deps.logger.warn("batch key already accepted by the provider; recorded as sent", { batch: batch.id });
    await recordSent(deps, batch.id, ids, []);
    return 0;
  }
  await recordFailure(deps, batch, ids, outcome, sealedNow && definitelyRefused(outcome));
  return 0;
}

/** Renders every member's email now; the returned function makes the one request. */
function prepare(deps: Deps, secret: string, batch: Batch, key: string, members: Member[], timeoutMs: number): () => Promise<SendOutcome> {
  const emails = members.map(({ d, s }) => {
    const content = batch.contents?.[d.message?.content ?? ""];
    const mine = content ? personalize(content, secret, deps.env, s.id) : { subject: "", html: "", text: "", headers: {} };
    return { to: s.target, ...mine, tags: { delivery: d.id } };
  });
  return () => withTimeout(() => deps.mailer.sendBatch(emails, key), timeoutMs);
}

/** Marks the batch and its members sent; a member the provider already reported on keeps that state. */
async function recordSent(deps: Deps, batchId: string, deliveryIds: string[], providerIds: string[]): Promise<void> {
  const now = deps.clock.now();
  const waiting = sql`${delivery.state} IN ('sending', 'dead')`;
  // One statement for the whole batch: the provider's id for each delivery, in request order.
  // Both writes go in one write batch: on a libSQL server, one round trip under the shared lock.
  const providerId = providerIds.length
    ? sql.join([sql`CASE ${delivery.id}`, ...deliveryIds.map((id, i) => sql`WHEN ${id} THEN ${providerIds[i] ?? null}`), sql`END`], sql` `)
    : sql`NULL`;
  await writeBatch(deps.db, [
    deps.db
      .update(delivery)
      .set({
        state: sql`CASE WHEN ${waiting} THEN 'sent' ELSE ${delivery.state} END`,
        lastError: sql`CASE WHEN ${waiting} THEN NULL ELSE ${delivery.lastError} END`,
        providerId: sql`coalesce(${providerId}, ${delivery.providerId})`,
        sentAt: now,
        updatedAt: now,
      })
      .where(deliveryIds.length ? inArray(delivery.id, deliveryIds) : eq(delivery.batchId, batchId)),
    deps.db
      .update(deliveryBatch)
      .set({ state: "sent", sentAt: now, leaseOwner: null, leaseExpiresAt: null, lastError: null })
      .where(eq(deliveryBatch.id, batchId)),
  ]);
}

/**
 * Retryable failures back off with full jitter (at least retry-after); after 24 h, or on a 4xx, the
 * batch is dead. A definite refusal of the request that sealed the batch unseals it again.
 */
async function recordFailure(
  deps: Deps,
  batch: Batch,
  deliveryIds: string[],
  outcome: Extract<SendOutcome, { ok: false }>,
  unseal: boolean,
): Promise<void> {
  const now = deps.clock.now();
  const attempts = batch.attempts + 1;
  const firstAttemptAt = batch.firstAttemptAt ?? now;
  const expired = now.getTime() - firstAttemptAt.getTime() >= GIVE_UP_MS;
  const lastError = `${outcome.status ?? "network"}: ${outcome.message}`.slice(0, 500);
  const dead = !outcome.retryable || expired;
  const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts));
  deps.logger.warn("batch send failed", { batch: batch.id, status: outcome.status, attempts, dead, message: outcome.message });
  await deps.db.transaction(async (tx) => {
    await tx
      .update(deliveryBatch)
      .set({
        state: dead ? "dead" : "sending",
        attempts,
        firstAttemptAt,
        lastStatus: outcome.status,
        lastError,
        nextAttemptAt: new Date(now.getTime() + (dead ? 0 : wait)),
        ...(unseal ? { sealedAt: null } : {}),
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(eq(deliveryBatch.id, batch.id));
    await tx
      .update(delivery)
      .set({ state: dead ? "dead" : "sending", lastError, updatedAt: now })
      .where(inArray(delivery.id, deliveryIds));
  });
}

/**
 * The provider answers again after failing: batches backing off from its outage (5xx, network)
 * are due now rather than after their grown backoff. Rate-limited ones keep their wait.
 */
async function pullForward(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const pulled = await deps.db
    .update(deliveryBatch)
    .set({ nextAttemptAt: now })
    .where(
      and(
        eq(deliveryBatch.state, "sending"),
        gt(deliveryBatch.nextAttemptAt, now),
        or(isNull(deliveryBatch.lastStatus), gte(deliveryBatch.lastStatus, 500)),
      ),
    )
    .returning({ id: deliveryBatch.id });
  if (pulled.length) deps.logger.info("provider answers again; waiting batches are due now", { batches: pulled.length });
}

export const SEND_TIMEOUT_MS = 30_000;

/** A provider that hangs or throws is a retryable network failure, never a stuck dispatcher. */
export async function withTimeout(send: () => Promise<SendOutcome>, ms = SEND_TIMEOUT_MS): Promise<SendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, retryable: true, status: null, message: `no answer in ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([send(), timeout]);
  } catch (err) {
    return { ok: false, retryable: true, status: null, message: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
