import type { DbOrTx } from "../../../db/client.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { chatUrlProblem, isChatChannel } from "../../notify/chat/index.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { assertPublicTarget } from "../../notify/webhook-send.ts";
import { TEAM } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { queueSubscribeMail } from "./confirmation-mail.ts";
import { getSubscriber, type SubscriberView, signingSecretOf } from "./get.ts";
import { type AdminCreateSubscriber, type AdminCreateWebhook, CHANNEL_LABELS, type UrlChannel } from "./schemas.ts";
import { checkFollowing, findOrInsertSubscriber, setAudiences, setFollowing } from "./write.ts";

/** What the consent field records: the admin's statement, or a default sentence when they only said "true". */
export function consentText(consent: boolean | string, by: string): string | null {
  if (consent === false) return null;
  return consent === true ? `Consent asserted by ${by}` : consent;
}

/**
 * Writes one admin-added email subscriber in the caller's transaction: the row, what it follows, its
 * audiences, the confirmation email when consent was not asserted, and the audit row. An existing
 * address is a 409. Used by addSubscriber and by each row of a CSV import.
 */
export async function insertEmailSubscriber(
  tx: DbOrTx,
  deps: Pick<Deps, "clock" | "env">,
  ctx: ServiceContext,
  input: AdminCreateSubscriber,
  audit: Record<string, unknown> = {},
): Promise<string> {
  const consent = consentText(input.consent, ctx.actor.name);
  const { row, created } = await findOrInsertSubscriber(tx, deps.clock, "email", input.email, {
    language: input.language,
    maintenance: input.maintenance,
    allComponents: !input.components.length && !input.groups.length,
    consent,
    confirmedAt: consent ? deps.clock.now() : null,
  });
  if (!created) throw new ConflictError(`${input.email} is already a subscriber`);
  await setFollowing(tx, row.id, input);
  await setAudiences(tx, row.id, input.audiences);
  if (!consent) await queueSubscribeMail(tx, deps, row, ["the components chosen for you"]);
  await recordAudit(tx, deps.clock, ctx, {
    action: "subscriber.create",
    resourceType: "subscriber",
    resourceId: row.id,
    after: { email: input.email, consent, audiences: input.audiences, ...audit },
  });
  return row.id;
}

/**
 * An admin adds an email subscriber. Asserted consent makes them active at once; otherwise
 * they are pending and get the confirmation email. An existing address is a 409.
 */
export async function addSubscriber(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: AdminCreateSubscriber,
): Promise<SubscriberView> {
  authorize(ctx, "subscriber.manage");
  await checkFollowing(deps.db, TEAM, input);
  const id = await deps.db.transaction((tx) => insertEmailSubscriber(tx, deps, ctx, input));
  return getSubscriber(deps, ctx, id);
}

/**
 * A webhook or chat subscriber: the URL must not point inside our network (SSRF) unless allowed,
 * and a chat URL must be that service's incoming webhook. A chat channel gets a test message
 * through the outbox, so whoever added it sees it arrive.
 */
export async function addWebhookSubscriber(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: AdminCreateWebhook,
): Promise<SubscriberView> {
  authorize(ctx, "subscriber.manage");
  await assertWebhookTarget(deps, input.channel, input.url);
  await checkFollowing(deps.db, TEAM, input);
  const id = await deps.db.transaction(async (tx) => {
    const { row, created } = await findOrInsertSubscriber(tx, deps.clock, input.channel, input.url, {
      maintenance: input.maintenance,
      allComponents: !input.components.length && !input.groups.length,
      confirmedAt: deps.clock.now(),
    });
    if (!created) throw new ConflictError("This URL is already subscribed");
    await setFollowing(tx, row.id, input);
    if (isChatChannel(input.channel))
      await enqueueNotification(tx, deps.clock, { kind: "channel.test", payload: { subscriberId: row.id } });
    await recordAudit(tx, deps.clock, ctx, {
      action: "subscriber.create",
      resourceType: "subscriber",
      resourceId: row.id,
      after: { channel: input.channel },
    });
    return row.id;
  });
  // Shown once, to whoever made it: their receiver needs the URL and the signing secret.
  const view = await getSubscriber(deps, ctx, id);
  const signingSecret = input.channel === "webhook" ? await signingSecretOf(deps, id) : undefined;
  return { ...view, url: input.url, ...(signingSecret ? { signingSecret } : {}) };
}

/** The SSRF guard for every URL channel, and each chat service's own address rule. */
export async function assertWebhookTarget(deps: Pick<Deps, "env">, channel: UrlChannel, url: string): Promise<void> {
  const allowPrivate = deps.env.WEBHOOK_ALLOW_PRIVATE;
  const wrongHost = isChatChannel(channel) ? chatUrlProblem(channel, url, allowPrivate) : null;
  if (wrongHost)
    throw new ValidationError(`That is not a ${CHANNEL_LABELS[channel]} incoming-webhook address`, [{ path: "url", message: wrongHost }]);
  try {
    await assertPublicTarget(url, allowPrivate);
  } catch (err) {
    throw new ValidationError("The webhook URL is not allowed", [{ path: "url", message: (err as Error).message }]);
  }
}
