import { desc, eq, inArray } from "drizzle-orm";
import { delivery, deliveryBatch, notification } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

export interface DeadLetter {
  /** "batch" (bulk: up to 100 recipients) or "email" (one transactional email). */
  type: "batch" | "email";
  id: string;
  channel: string;
  recipients: number;
  /** A request may have reached the provider: a retry repeats it (same key) rather than sending anew. */
  maybeSent: boolean;
  kind: string | null;
  attempts: number;
  lastError: string | null;
  firstAttemptAt: string | null;
  diedAt: string | null;
}

/** Everything that gave up (24 h of retries, or a 4xx the provider will never accept), newest first. */
export async function listDeadLetters(deps: Pick<Deps, "db">): Promise<DeadLetter[]> {
  const batches = await deps.db
    .select()
    .from(deliveryBatch)
    .where(eq(deliveryBatch.state, "dead"))
    .orderBy(desc(deliveryBatch.nextAttemptAt))
    .limit(500);
  const kinds = batches.length
    ? await deps.db
        .selectDistinct({ batchId: delivery.batchId, kind: notification.kind })
        .from(delivery)
        .innerJoin(notification, eq(notification.id, delivery.notificationId))
        .where(
          inArray(
            delivery.batchId,
            batches.map((b) => b.id),
          ),
        )
    : [];
  const emails = await deps.db
    .select()
    .from(notification)
    .where(eq(notification.priority, "transactional"))
    .orderBy(desc(notification.deadAt))
    .limit(500);
  return [
    ...batches.map((b) => ({
      type: "batch" as const,
      id: b.id,
      channel: b.channel,
      recipients: b.size,
      maybeSent: b.sealedAt !== null,
      kind: kinds.find((k) => k.batchId === b.id)?.kind ?? null,
      attempts: b.attempts,
      lastError: b.lastError,
      firstAttemptAt: b.firstAttemptAt?.toISOString() ?? null,
      diedAt: b.nextAttemptAt.toISOString(),
    })),
    ...emails
      .filter((n) => n.deadAt)
      .map((n) => ({
        type: "email" as const,
        id: n.id,
        channel: "email",
        recipients: 1,
        maybeSent: n.attempts > 0,
        kind: n.kind,
        attempts: n.attempts,
        lastError: n.lastError,
        firstAttemptAt: n.firstAttemptAt?.toISOString() ?? null,
        diedAt: n.deadAt?.toISOString() ?? null,
      })),
  ];
}
