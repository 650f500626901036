import { and, eq, isNull } from "drizzle-orm";
import { delivery, deliveryBatch, subscriber } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { SendOutcome } from "./mailer.ts";

export type Member = { d: typeof delivery.$inferSelect; s: typeof subscriber.$inferSelect };

/** States only the provider's own events set (failed: email.failed or email.suppressed): proof that the batch's request was accepted. */
const PROVIDER_EVIDENCE = new Set(["delivered", "bounced", "complained", "failed"]);

/**
 * A batch's members. Once sealed (a request may have been accepted) they are every delivery the
 * batch was frozen with, whatever happened to them since, so a retry is byte-for-byte the same
 * request under the same key; before that, only those still waiting to be sent.
 */
export async function batchMembers(deps: Pick<Deps, "db">, batchId: string, sealed: boolean): Promise<Member[]> {
  const inBatch = eq(delivery.batchId, batchId);
  return deps.db
    .select({ d: delivery, s: subscriber })
    .from(delivery)
    .innerJoin(subscriber, eq(subscriber.id, delivery.subscriberId))
    .where(sealed ? inBatch : and(inBatch, eq(delivery.state, "sending")))
    .orderBy(delivery.id);
}

/** A provider event (delivered, bounced, complained) for any member means the whole batch was accepted. */
export function acceptedByEvidence(members: Member[]): boolean {
  return members.some((m) => PROVIDER_EVIDENCE.has(m.d.state));
}

/** Marks the batch as possibly accepted before its request leaves; resolves to whether this call sealed it. */
export async function sealBatch(deps: Pick<Deps, "db" | "clock">, batchId: string): Promise<boolean> {
  const sealed = await deps.db
    .update(deliveryBatch)
    .set({ sealedAt: deps.clock.now() })
    .where(and(eq(deliveryBatch.id, batchId), isNull(deliveryBatch.sealedAt)))
    .returning({ id: deliveryBatch.id });
  return sealed.length > 0;
}

/** An answer that proves nothing was accepted: a 429, or a 4xx other than an idempotency conflict. */
export function definitelyRefused(outcome: Extract<SendOutcome, { ok: false }>): boolean {
  const status = outcome.status ?? 0;
  return status === 429 || (status >= 400 && status < 500 && status !== 409);
}

/** Resend's answer when this key already carried an accepted request with another payload. */
export function keyAlreadyUsed(outcome: Extract<SendOutcome, { ok: false }>): boolean {
  return outcome.status === 409 && outcome.code === "invalid_idempotent_request";
}

/** Members whose subscriber left since freezing; they may only be dropped while the batch is unsealed. */
export function goneMembers(members: Member[]): Member[] {
  return members.filter((m) => m.s.unsubscribedAt || m.s.suppressedAt);
}
