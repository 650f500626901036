import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 5 * 60;

export type SvixCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies a Svix-signed webhook (what Resend sends): HMAC-SHA256 over
 * `${svix-id}.${svix-timestamp}.${raw body}` with the base64 key after `whsec_`, compared in
 * constant time against each `v1,<base64>` in svix-signature, within 5 minutes of now.
 */
export function verifySvix(
  secret: string,
  rawBody: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  nowSeconds: number,
): SvixCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing svix-id, svix-timestamp or svix-signature" };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: "svix-timestamp is not a number" };
  if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) return { ok: false, reason: "svix-timestamp is outside the 5-minute tolerance" };
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest();
  for (const part of signature.split(" ")) {
    const [version, value] = part.split(",");
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "no matching signature" };
}

/** Signs like Svix does; for tests and for documenting the scheme. */
export function signSvix(secret: string, id: string, timestamp: number, rawBody: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest("base64")}`;
}
