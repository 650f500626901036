import { hashSecret } from "./secrets.ts";
import { sign, verify } from "./signing.ts";

/**
 * The unsubscribe token is HMAC(secret, subscriber id): 256 unguessable bits that never expire
 * and need no plaintext copy, because the dispatcher can derive it again for every email.
 * Only its SHA-256 is stored (subscriber.unsubscribeTokenHash) and looked up.
 */
export function unsubscribeToken(secret: string, subscriberId: string): string {
  return sign(secret, "unsubscribe", [subscriberId]);
}

export function unsubscribeTokenHash(token: string): Buffer {
  return Buffer.from(hashSecret(token));
}

/** The signature on a manage link (160 bits): it names the subscriber and opens their settings; changing them is a POST. */
export function manageSignature(secret: string, subscriberId: string): string {
  return sign(secret, "manage", [subscriberId], 32);
}

export function verifyManageSignature(secret: string, subscriberId: string, signature: string): boolean {
  return verify(secret, "manage", [subscriberId], signature, 32);
}

/** Webhook subscribers' signing secret, derived per subscriber so it is never stored in plaintext twice. */
export function webhookSigningSecret(secret: string, subscriberId: string): string {
  return sign(secret, "webhook", [subscriberId]);
}

/**
 * The code Clarion POSTs to a webhook URL subscribed from the public page: whoever reads that
 * endpoint's requests types it back (50 bits, shown as XXXXX-XXXXX). Derived, so nothing is stored.
 */
export function webhookVerificationCode(secret: string, subscriberId: string): string {
  const code = sign(secret, "webhook-verify", [subscriberId], 10).toUpperCase();
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function verifyWebhookCode(secret: string, subscriberId: string, typed: string): boolean {
  const normalized = typed.replace(/[\s-]/g, "").toLowerCase();
  return verify(secret, "webhook-verify", [subscriberId], normalized, 10);
}

/** The MAC half of an escalation's acknowledgement token. */
export function escalationAckMac(secret: string, escalationId: string): string {
  return sign(secret, "escalation-ack", [escalationId]);
}

type FeedbackPurpose = "update" | "incident" | "vote";

/**
 * Feedback links name one recipient and one update (or incident), so a vote from an email link
 * counts once per recipient without storing any token.
 */
export function feedbackSignature(secret: string, purpose: FeedbackPurpose, subjectId: string, subscriberId: string): string {
  return sign(secret, `feedback-${purpose}`, [subjectId, subscriberId], 32);
}

export function verifyFeedbackSignature(
  secret: string,
  purpose: FeedbackPurpose,
  subjectId: string,
  subscriberId: string,
  signature: string,
): boolean {
  return verify(secret, `feedback-${purpose}`, [subjectId, subscriberId], signature, 32);
}

/** The query string an email adds to /feedback/<updateId> or /feedback/rate/<incidentId>. */
export function signedQuery(secret: string, purpose: "update" | "incident", subjectId: string, subscriberId: string): string {
  return `?s=${subscriberId}&sig=${feedbackSignature(secret, purpose, subjectId, subscriberId)}`;
}
