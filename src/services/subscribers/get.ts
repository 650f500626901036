import { and, asc, desc, eq, gt, inArray, like, or, type SQL, sql } from "drizzle-orm";
import { audience, audienceMember, delivery, notification, subscriber, subscription } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { webhookSigningSecret } from "../../auth/link-signatures.ts";
import { maskSecretUrl, maySeeSecrets } from "../../auth/secret-fields.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { type SubscriberState, subscriberState } from "./schemas.ts";

export interface SubscriberView {
  id: string;
  channel: string;
  email: string | null;
  url: string | null;
  state: SubscriberState;
  language: string;
  maintenance: boolean;
  allComponents: boolean;
  components: string[];
  groups: string[];
  audiences: string[];
  consent: string | null;
  suppressedReason: string | null;
  createdAt: string;
  confirmedAt: string | null;
  /** Webhook subscribers: the secret their endpoint verifies X-Clarion-Signature with. */
  signingSecret?: string;
}

export interface DeliveryView {
  id: string;
  kind: string;
  incidentId: string | null;
  state: string;
  detail: string | null;
  createdAt: string;
  sentAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(
  s: typeof subscriber.$inferSelect,
  follows: (typeof subscription.$inferSelect)[],
  audiences: string[],
  ctx: ServiceContext,
): SubscriberView {
  const url = s.channel === "email" ? null : maySeeSecrets(ctx.actor) ? s.target : maskSecretUrl(s.target);
  return {
    id: s.id,
    channel: s.channel,
    email: s.channel === "email" ? s.target : null,
    url,
    state: subscriberState(s),
    language: s.language,
    maintenance: s.maintenance,
    allComponents: s.allComponents,
    components: follows.filter((f) => f.targetType === "component").map((f) => f.targetId),
    groups: follows.filter((f) => f.targetType === "group").map((f) => f.targetId),
    audiences,
    consent: s.consent,
    suppressedReason: s.suppressedReason,
    createdAt: s.createdAt.toISOString(),
    confirmedAt: iso(s.confirmedAt),
  };
}

/** One subscriber; its signing secret and full URL only for readers who may see secrets. */
export async function getSubscriber(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<SubscriberView> {
  authorize(ctx, "console.read");
  const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, id));
  if (!s) throw new NotFoundError(`Subscriber ${id}`);
  const follows = await deps.db.select().from(subscription).where(eq(subscription.subscriberId, id));
  const auds = await deps.db
    .select({ slug: audience.slug })
    .from(audienceMember)
    .innerJoin(audience, eq(audience.id, audienceMember.audienceId))
    .where(eq(audienceMember.subscriberId, id));
  const view = toView(
    s,
    follows,
    auds.map((a) => a.slug),
    ctx,
  );
  if (s.channel === "webhook" && maySeeSecrets(ctx.actor)) view.signingSecret = await signingSecretOf(deps, s.id);
  return view;
}

/** The secret a webhook subscriber's endpoint verifies X-Clarion-Signature with. */
export async function signingSecretOf(deps: Pick<Deps, "db" | "clock">, subscriberId: string): Promise<string> {
  return webhookSigningSecret(await serverSecret(deps.db, deps.clock), subscriberId);
}

/** The newest 200 deliveries to one subscriber, with their state and the provider's last word. */
export async function deliveryHistory(deps: Pick<Deps, "db">, subscriberId: string): Promise<DeliveryView[]> {
  const rows = await deps.db
    .select({ d: delivery, kind: notification.kind })
    .from(delivery)
    .innerJoin(notification, eq(notification.id, delivery.notificationId))
    .where(eq(delivery.subscriberId, subscriberId))
    .orderBy(desc(delivery.createdAt))
    .limit(200);
  return rows.map(({ d, kind }) => ({
    id: d.id,
    kind,
    incidentId: d.incidentId,
    state: d.state,
    detail: d.lastError,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
  }));
}

export interface ListQuery {
  q?: string;
  state?: SubscriberState;
  after?: string;
  limit?: number;
}

const STATE_SQL: Record<SubscriberState, SQL> = {
  suppressed: sql`${subscriber.suppressedAt} IS NOT NULL`,
  unsubscribed: sql`${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NOT NULL`,
  active: sql`${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NULL AND ${subscriber.confirmedAt} IS NOT NULL`,
  pending: sql`${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NULL AND ${subscriber.confirmedAt} IS NULL`,
};

/** A page of subscribers by id (cursor `after`), optionally filtered by address fragment and state. */
export async function listSubscribers(
  deps: Pick<Deps, "db">,
  ctx: ServiceContext,
  query: ListQuery,
): Promise<{ subscribers: SubscriberView[]; next: string | null }> {
  authorize(ctx, "console.read");
  return subscriberPage(deps, ctx, query);
}

/** One page of subscribers for a verb that already authorized (the list, the CSV export). */
export async function subscriberPage(
  deps: Pick<Deps, "db">,
  ctx: ServiceContext,
  query: ListQuery,
): Promise<{ subscribers: SubscriberView[]; next: string | null }> {
  const limit = Math.min(query.limit ?? 100, 1000);
  const where: SQL[] = [];
  if (query.q) where.push(like(subscriber.target, `%${query.q.toLowerCase().replace(/[%_]/g, "")}%`));
  // A search through masked webhook URLs would spell out their credentials one guess at a time.
  if (query.q && !maySeeSecrets(ctx.actor)) where.push(eq(subscriber.channel, "email"));
  if (query.state) where.push(STATE_SQL[query.state]);
  if (query.after) where.push(gt(subscriber.id, query.after));
  const rows = await deps.db
    .select()
    .from(subscriber)
    .where(and(...where))
    .orderBy(asc(subscriber.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const follows = ids.length ? await deps.db.select().from(subscription).where(inArray(subscription.subscriberId, ids)) : [];
  const auds = ids.length
    ? await deps.db
        .select({ subscriberId: audienceMember.subscriberId, slug: audience.slug })
        .from(audienceMember)
        .innerJoin(audience, eq(audience.id, audienceMember.audienceId))
        .where(or(inArray(audienceMember.subscriberId, ids)))
    : [];
  return {
    subscribers: page.map((s) =>
      toView(
        s,
        follows.filter((f) => f.subscriberId === s.id),
        auds.filter((a) => a.subscriberId === s.id).map((a) => a.slug),
        ctx,
      ),
    ),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
