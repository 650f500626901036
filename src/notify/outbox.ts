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
