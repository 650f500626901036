import type { DbOrTx } from "../../../db/client.ts";
import { escalationAckMac } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Clock } from "../../lib/clock.ts";

/**
 * The acknowledgement token `<escalation id>.<HMAC>`: derivable again for every level's email,
 * so no plaintext is stored; only its SHA-256 (escalation.ackTokenHash) is kept and compared.
 */
export async function ackToken(db: DbOrTx, clock: Clock, escalationId: string): Promise<string> {
  return `${escalationId}.${escalationAckMac(await serverSecret(db, clock), escalationId)}`;
}
