import { createHmac } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** Every purpose the server secret signs; the purpose is part of the signed bytes, so a signature never crosses over. */
export type SigningPurpose =
  | "unsubscribe"
  | "manage"
  | "webhook"
  | "webhook-verify"
  | "escalation-ack"
  | "feedback-update"
  | "feedback-incident"
  | "feedback-vote";

/**
 * HMAC-SHA256 of `<purpose>:<part>:<part>…` in lower-case base32, cut to `length` characters when given.
 * The byte layout is what links already sent were signed with: changing it breaks them.
 */
export function sign(secret: string, purpose: SigningPurpose, parts: readonly string[], length?: number): string {
  const mac = createHmac("sha256", secret)
    .update(`${purpose}:${parts.join(":")}`)
    .digest();
  const text = encodeBase32LowerCaseNoPadding(mac);
  return length === undefined ? text : text.slice(0, length);
}

/** Constant-time check of a signature taken from a link or a form. */
export function verify(secret: string, purpose: SigningPurpose, parts: readonly string[], signature: string, length?: number): boolean {
  const expected = new TextEncoder().encode(sign(secret, purpose, parts, length));
  const given = new TextEncoder().encode(signature);
  return given.length === expected.length && constantTimeEqual(given, expected);
}
