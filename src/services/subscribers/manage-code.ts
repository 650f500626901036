import { randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { subscriber, subscriberToken } from "../../../db/schema/index.ts";
import { renderManageCodeEmail } from "../../../emails/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { verifyManageSignature } from "../../auth/link-signatures.ts";
import { hashSecret, issueToken, secretMatches } from "../../auth/secrets.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { translator } from "../../i18n/index.ts";
import { manageUrl } from "../../notify/links.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { consumeRateLimit, enforceRateLimit } from "../rate-limit.ts";
import { pageBrand } from "../settings/email-brand.ts";
import { storeSubscriberToken } from "./tokens.ts";

export const CODE_MINUTES = 15;
export const SESSION_MINUTES = 30;
export const CODE_REQUESTS_PER_IP_PER_HOUR = 20;

type SubscriberRow = typeof subscriber.$inferSelect;

/** The subscriber a signed manage link names, or null (bad signature, unknown, suppressed). */
export async function subscriberFromLink(
  deps: Pick<Deps, "db" | "clock">,
  subscriberId: string,
  sig: string,
): Promise<SubscriberRow | null> {
  const secret = await serverSecret(deps.db, deps.clock);
  if (!verifyManageSignature(secret, subscriberId, sig)) return null;
  const [row] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
  return row && !row.suppressedAt ? row : null;
}

async function emailSubscriber(deps: Pick<Deps, "db">, email: string): Promise<SubscriberRow | null> {
  const [row] = await deps.db
    .select()
    .from(subscriber)
    .where(and(eq(subscriber.channel, "email"), eq(subscriber.target, email.trim().toLowerCase())));
  return row && !row.suppressedAt ? row : null;
}

/**
 * For someone who arrives without the link from an email: a one-time code sent to the address
 * they type. The answer is the same whether or not it is subscribed (no enumeration); 20 requests
 * an hour per IP (429), at most 5 codes an hour per address (silently).
 */
export async function requestManageCode(deps: Pick<Deps, "db" | "clock" | "env">, ctx: ServiceContext, email: string): Promise<void> {
  authorize(ctx, "subscriber.manage");
  if (ctx.ip)
    await enforceRateLimit(deps.db, deps.clock, `manage-code:ip:${ctx.ip}`, {
      limit: CODE_REQUESTS_PER_IP_PER_HOUR,
      windowMs: 3600_000,
    });
  const s = await emailSubscriber(deps, email);
  if (!s) return;
  const allowed = await consumeRateLimit(deps.db, deps.clock, `manage-code:${s.id}`, { limit: 5, windowMs: 3600_000 });
  if (!allowed.ok) return;
  const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
  const secret = await serverSecret(deps.db, deps.clock);
  await deps.db.transaction(async (tx) => {
    await storeSubscriberToken(tx, deps.clock, {
      subscriberId: s.id,
      purpose: "manage_code",
      secretHash: hashSecret(`${s.id}:${code}`),
      ttlMs: CODE_MINUTES * 60_000,
    });
    const { brand, from } = await pageBrand(tx, deps.env);
    const mail = renderManageCodeEmail({
      pageName: brand.pageName,
      brand,
      code,
      manageUrl: manageUrl(deps.env, secret, s.id),
      expiresInMinutes: CODE_MINUTES,
      t: translator(s.language),
    });
    await enqueueEmail(tx, deps.clock, "subscriber.manage_code", { to: s.target, from, ...mail });
  });
}

/** Exchanges a correct code (10 tries an hour per address) for a short manage session token, carried in the form. */
export async function verifyManageCode(deps: Pick<Deps, "db" | "clock">, email: string, code: string): Promise<string | null> {
  const s = await emailSubscriber(deps, email);
  if (!s) return null;
  await enforceRateLimit(deps.db, deps.clock, `manage-verify:${s.id}`, { limit: 10, windowMs: 3600_000 });
  const now = deps.clock.now();
  const [row] = await deps.db
    .select()
    .from(subscriberToken)
    .where(
      and(
        eq(subscriberToken.subscriberId, s.id),
        eq(subscriberToken.purpose, "manage_code"),
        isNull(subscriberToken.usedAt),
        gt(subscriberToken.expiresAt, now),
      ),
    )
    .orderBy(desc(subscriberToken.createdAt))
    .limit(1);
  if (!row || !secretMatches(`${s.id}:${code.trim()}`, row.secretHash)) return null;
  const session = issueToken();
  await deps.db.transaction(async (tx) => {
    await tx.update(subscriberToken).set({ usedAt: now }).where(eq(subscriberToken.id, row.id));
    await storeSubscriberToken(tx, deps.clock, {
      id: session.id,
      subscriberId: s.id,
      purpose: "manage",
      secretHash: session.secretHash,
      ttlMs: SESSION_MINUTES * 60_000,
    });
  });
  return session.token;
}
