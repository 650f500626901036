import { createHmac } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { appState } from "../../db/schema/index.ts";
import { hashSecret } from "../auth/secrets.ts";
import type { Clock } from "../lib/clock.ts";
import { randomSecret } from "../lib/ids.ts";

const KEY = "server_secret";
const cache = new WeakMap<object, string>();

/**
 * The server's signing secret, generated once on a fresh machine and kept in app_state so
 * every instance (and the separate worker) derives the same unsubscribe tokens and links.
 */
export async function serverSecret(db: DbOrTx, clock: Clock): Promise<string> {
  const cached = cache.get(db);
  if (cached) return cached;
  await db
    .insert(appState)
    .values({ key: KEY, value: randomSecret(32), updatedAt: clock.now() })
    .onConflictDoNothing();
  const [row] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, KEY));
  if (!row) throw new Error("server secret missing after insert");
  cache.set(db, row.value);
  return row.value;
}

function hmac(secret: string, purpose: string, value: string): string {
  return encodeBase32LowerCaseNoPadding(createHmac("sha256", secret).update(`${purpose}:${value}`).digest());
}

/**
 * The unsubscribe token is HMAC(secret, subscriber id): 256 unguessable bits that never expire
 * and need no plaintext copy, because the dispatcher can derive it again for every email.
 * Only its SHA-256 is stored (subscriber.unsubscribeTokenHash) and looked up.
 */
export function unsubscribeToken(secret: string, subscriberId: string): string {
  return hmac(secret, "unsubscribe", subscriberId);
}

export function unsubscribeTokenHash(token: string): Buffer {
  return Buffer.from(hashSecret(token));
}

/** The signature on a manage link: it names the subscriber, and still needs the emailed code to change anything. */
export function manageSignature(secret: string, subscriberId: string): string {
  return hmac(secret, "manage", subscriberId).slice(0, 32);
}

/** Webhook subscribers' signing secret, derived per subscriber so it is never stored in plaintext twice. */
export function webhookSigningSecret(secret: string, subscriberId: string): string {
  return hmac(secret, "webhook", subscriberId);
}
