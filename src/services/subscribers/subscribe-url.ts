import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { isChatChannel } from "../../notify/chat/index.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { ANONYMOUS } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { consumeRateLimit, enforceRateLimit } from "../rate-limit.ts";
import { assertWebhookTarget } from "./add.ts";
import type { SubscribeUrlInput, UrlChannel } from "./schemas.ts";
import { SUBSCRIBES_PER_IP_PER_HOUR } from "./subscribe.ts";
import { checkFollowing, checkIncidentFollows, findOrInsertSubscriber, startOver } from "./write.ts";

/** At most this many test or verification messages to one URL per hour, however often it is subscribed. */
export const MESSAGES_PER_URL_PER_HOUR = 3;

export interface UrlSubscribeResult {
  channel: UrlChannel;
  /** A webhook waits for its code (the verify page needs the id); a chat channel is active at once. */
  subscriberId: string;
  state: "added" | "verify";
}

/**
 * Self-service subscribe by URL. A chat incoming-webhook URL is itself the proof of access (only
 * members of that channel can make one), so it is active at once and gets a test message. A generic
 * webhook stays pending until its owner types back the code Clarion POSTs to it, so nobody can
 * point Clarion at someone else's URL. The answer is the same for a new and a known URL.
 */
export async function subscribeByUrl(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: SubscribeUrlInput,
): Promise<UrlSubscribeResult> {
  authorize(ctx, "subscriber.manage");
  if (ctx.ip)
    await enforceRateLimit(deps.db, deps.clock, `subscribe:ip:${ctx.ip}`, { limit: SUBSCRIBES_PER_IP_PER_HOUR, windowMs: 3600_000 });
  const chat = isChatChannel(input.channel);
  const state = chat ? "added" : "verify";
  if (input.website) return { channel: input.channel, subscriberId: newId(), state };
  await assertWebhookTarget(deps, input.channel, input.url);
  const following = { components: input.components, groups: input.groups };
  await checkFollowing(deps.db, ANONYMOUS, following);
  await checkIncidentFollows(deps.db, input.incidents);
  const language = chat ? input.language : undefined;
  const allComponents = !following.components.length && !following.groups.length && !input.incidents.length;
  const id = await deps.db.transaction(async (tx) => {
    const { row, created } = await findOrInsertSubscriber(tx, deps.clock, input.channel, input.url, {
      maintenance: input.maintenance,
      componentUpdates: input.componentUpdates,
      allComponents,
      ...(language ? { language } : {}),
    });
    const active = row.confirmedAt && !row.unsubscribedAt;
    if (row.suppressedAt || active) return row.id; // settings of an active channel change through its manage link
    await startOver(tx, deps.clock, row.id, { ...input, language, following, confirmedAt: chat ? deps.clock.now() : null });
    if (created)
      await recordAudit(tx, deps.clock, ctx, {
        action: "subscriber.subscribe",
        resourceType: "subscriber",
        resourceId: row.id,
        after: { channel: input.channel },
      });
    const limit = await consumeRateLimit(tx, deps.clock, `subscribe:url:${row.id}`, {
      limit: MESSAGES_PER_URL_PER_HOUR,
      windowMs: 3600_000,
    });
    if (limit.ok)
      await enqueueNotification(tx, deps.clock, { kind: chat ? "channel.test" : "channel.verify", payload: { subscriberId: row.id } });
    return row.id;
  });
  return { channel: input.channel, subscriberId: id, state };
}
