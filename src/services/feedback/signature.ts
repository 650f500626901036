import { createHmac, timingSafeEqual } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * Feedback links are signed with the server secret (src/notify/secret.ts): the signature
 * names one recipient and one update (or incident), so a vote from an email link counts once
 * per recipient without storing any token. Purpose strings keep signatures from being reused.
 */
export function feedbackSignature(
  secret: string,
  purpose: "update" | "incident" | "vote",
  subjectId: string,
  subscriberId: string,
): string {
  return encodeBase32LowerCaseNoPadding(
    createHmac("sha256", secret).update(`feedback-${purpose}:${subjectId}:${subscriberId}`).digest(),
  ).slice(0, 32);
}

/** Constant-time check of a signature taken from a link or a form. */
export function verifyFeedbackSignature(
  secret: string,
  purpose: "update" | "incident" | "vote",
  subjectId: string,
  subscriberId: string,
  signature: string,
): boolean {
  const expected = Buffer.from(feedbackSignature(secret, purpose, subjectId, subscriberId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The query string an email adds to /feedback/<updateId> or /feedback/rate/<incidentId>. */
export function signedQuery(secret: string, purpose: "update" | "incident", subjectId: string, subscriberId: string): string {
  return `?s=${subscriberId}&sig=${feedbackSignature(secret, purpose, subjectId, subscriberId)}`;
}
