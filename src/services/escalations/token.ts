import { createHmac } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { DbOrTx } from "../../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { serverSecret } from "../../notify/secret.ts";

/**
 * The acknowledgement token `<escalation id>.<HMAC>`: derivable again for every level's email,
 * so no plaintext is stored; only its SHA-256 (escalation.ackTokenHash) is kept and compared.
 */
export async function ackToken(db: DbOrTx, clock: Clock, escalationId: string): Promise<string> {
  const secret = await serverSecret(db, clock);
  const mac = createHmac("sha256", secret).update(`escalation-ack:${escalationId}`).digest();
  return `${escalationId}.${encodeBase32LowerCaseNoPadding(mac)}`;
}
