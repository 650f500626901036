import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { notification } from "../../db/schema/index.ts";
import type { Clock } from "../lib/clock.ts";
import { newId } from "../lib/ids.ts";
import type { OutgoingEmail } from "./mailer.ts";

/**
 * Records one transactional email (invitation, confirmation, login link, reminder) in the
 * outbox. Call it inside the transaction of the change it belongs to; the dispatcher sends it
 * after commit, so a rollback sends nothing and a crash after commit still sends.
 */
export async function enqueueEmail(tx: DbOrTx, clock: Clock, kind: string, email: OutgoingEmail): Promise<string> {
  const id = newId();
  await tx.insert(notification).values({ id, kind, priority: "transactional", payload: { email }, createdAt: clock.now() });
  return id;
}

export type NotificationKind =
  | "incident.created"
  | "incident.updated"
  | "incident.closed"
  | "incident.postmortem"
  | "commitment.updated"
  | "maintenance.scheduled"
  | "maintenance.reminder"
  | "maintenance.started"
  | "maintenance.completed"
  | "maintenance.rescheduled"
  | "maintenance.cancelled"
  | "component.updated"
  /** The test message to one chat channel just added (payload.subscriberId). */
  | "channel.test"
  /** The verification code to one webhook subscribed from the public page, still pending (payload.subscriberId). */
  | "channel.verify";

/**
 * Records that subscribers must be told about an update. Call it in the publishing
 * transaction; the dispatcher expands recipients and renders each one's words after commit.
 */
export async function enqueueNotification(
  tx: DbOrTx,
  clock: Clock,
  input: { kind: NotificationKind; incidentId?: string | null; updateId?: string | null; payload?: Record<string, unknown> },
): Promise<string> {
  const id = newId();
  await tx.insert(notification).values({
    id,
    seq: nextSeq,
    kind: input.kind,
    priority: "bulk",
    incidentId: input.incidentId ?? null,
    updateId: input.updateId ?? null,
    payload: input.payload ?? null,
    createdAt: clock.now(),
  });
  return id;
}

/** The next publication sequence number, taken under the publishing transaction's write lock. */
const nextSeq = sql`(SELECT COALESCE(MAX(seq), 0) + 1 FROM notification)`;
