import type { DbOrTx } from "../../../db/client.ts";
import { renderConfirmationEmail, renderManageLinkEmail } from "../../../emails/index.ts";
import { issueToken } from "../../auth/secrets.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { translator } from "../../i18n/index.ts";
import { baseUrl } from "../../lib/urls.ts";
import { manageUrl } from "../../notify/links.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { consumeRateLimit } from "../rate-limit.ts";
import { pageBrand } from "../settings/email-brand.ts";
import { storeSubscriberToken } from "./tokens.ts";
import type { SubscriberRow } from "./write.ts";

export const CONFIRM_DAYS = 7;
/** At most this many confirmation (or "already subscribed") emails per address per hour. */
export const MAILS_PER_ADDRESS_PER_HOUR = 3;

/**
 * Queues the email a subscribe attempt deserves: a confirmation link for a pending address,
 * a manage link for an active one. Silently nothing once the address hit its hourly limit,
 * so the page answers the same either way.
 */
export async function queueSubscribeMail(
  tx: DbOrTx,
  deps: Pick<Deps, "clock" | "env">,
  s: SubscriberRow,
  following: string[],
): Promise<boolean> {
  const limit = await consumeRateLimit(tx, deps.clock, `subscribe:address:${s.target}`, {
    limit: MAILS_PER_ADDRESS_PER_HOUR,
    windowMs: 3600_000,
  });
  if (!limit.ok) return false;
  const { brand, from } = await pageBrand(tx, deps.env);
  const name = brand.pageName;
  const t = translator(s.language);
  if (s.confirmedAt && !s.unsubscribedAt) {
    const secret = await serverSecret(tx, deps.clock);
    await enqueueEmail(tx, deps.clock, "subscriber.already", {
      to: s.target,
      from,
      ...renderManageLinkEmail({ pageName: name, brand, manageUrl: manageUrl(deps.env, secret, s.id), t }),
    });
    return true;
  }
  const token = issueToken();
  await storeSubscriberToken(tx, deps.clock, {
    id: token.id,
    subscriberId: s.id,
    purpose: "confirm",
    secretHash: token.secretHash,
    ttlMs: CONFIRM_DAYS * 86_400_000,
  });
  const confirmUrl = `${baseUrl(deps.env)}/confirm/${token.token}`;
  await enqueueEmail(tx, deps.clock, "subscriber.confirm", {
    to: s.target,
    from,
    ...renderConfirmationEmail({ pageName: name, brand, confirmUrl, following, expiresInDays: CONFIRM_DAYS, t }),
  });
  return true;
}
