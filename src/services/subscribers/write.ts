import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { audience, audienceMember, subscriber, subscription } from "../../../db/schema/index.ts";
import { unsubscribeToken, unsubscribeTokenHash } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Clock } from "../../lib/clock.ts";
import { ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { ANONYMOUS, loadComponentTree, loadIncidents, type Viewer } from "../../projection/index.ts";

export interface Following {
  components: string[];
  groups: string[];
}

/** Checks that every component and group exists and is visible to `viewer` (the public for self-service). */
export async function checkFollowing(db: DbOrTx, viewer: Viewer, following: Following): Promise<void> {
  if (!following.components.length && !following.groups.length) return;
  const tree = await loadComponentTree(db, viewer);
  const components = new Set(tree.all.map((c) => c.id));
  const groups = new Set(tree.groups.map((g) => g.id));
  const details = [
    ...following.components.filter((c) => !components.has(c)).map((c) => ({ path: "components", message: `unknown component ${c}` })),
    ...following.groups.filter((g) => !groups.has(g)).map((g) => ({ path: "groups", message: `unknown group ${g}` })),
  ];
  if (details.length) throw new ValidationError("Some components or groups do not exist", details);
}

/** Replaces what a subscriber follows; nothing chosen means everything. */
export async function setFollowing(tx: DbOrTx, subscriberId: string, following: Following): Promise<void> {
  await tx
    .delete(subscription)
    .where(and(eq(subscription.subscriberId, subscriberId), inArray(subscription.targetType, ["component", "group"])));
  const rows = [
    ...following.components.map((targetId) => ({ subscriberId, targetType: "component" as const, targetId })),
    ...following.groups.map((targetId) => ({ subscriberId, targetType: "group" as const, targetId })),
  ];
  if (rows.length) await tx.insert(subscription).values(rows).onConflictDoNothing();
}

/** Checks that every incident is open and public: self-service follows only what the public can read. */
export async function checkIncidentFollows(db: DbOrTx, incidentIds: string[]): Promise<{ id: string; title: string }[]> {
  if (!incidentIds.length) return [];
  const found = await loadIncidents(db, ANONYMOUS, { ids: incidentIds, active: true });
  const missing = incidentIds.filter((id) => !found.some((i) => i.id === id));
  if (missing.length)
    throw new ValidationError(
      "This incident is over or does not exist",
      missing.map(() => ({ path: "incidents", message: "subscribe to the whole page instead" })),
    );
  return found.map((i) => ({ id: i.id, title: i.title }));
}

/** Adds incident follows (kept when the manage page replaces component and group follows). */
export async function addIncidentFollows(tx: DbOrTx, subscriberId: string, incidentIds: string[]): Promise<void> {
  if (!incidentIds.length) return;
  await tx
    .insert(subscription)
    .values(incidentIds.map((targetId) => ({ subscriberId, targetType: "incident" as const, targetId })))
    .onConflictDoNothing();
}

/** Resolves audience slugs to ids (400 naming the unknown ones) and links them. */
export async function setAudiences(tx: DbOrTx, subscriberId: string, slugs: string[]): Promise<void> {
  if (!slugs.length) return;
  const found = await tx.select().from(audience).where(inArray(audience.slug, slugs));
  const missing = slugs.filter((s) => !found.some((a) => a.slug === s && a.kind === "custom"));
  if (missing.length)
    throw new ValidationError(
      "Unknown audiences",
      missing.map((m) => ({ path: "audiences", message: `no custom audience ${m}` })),
    );
  await tx
    .insert(audienceMember)
    .values(found.map((a) => ({ audienceId: a.id, subscriberId })))
    .onConflictDoNothing();
}

export type SubscriberRow = typeof subscriber.$inferSelect;

/** What someone chose on the subscribe page, which a new or returning subscriber's row starts over with. */
export interface FreshStart {
  /** Left out where the channel has no language of its own (a webhook). */
  language?: string;
  maintenance: boolean;
  componentUpdates: boolean;
  following: Following;
  incidents: string[];
  /** Now for a chat channel (its URL is the proof); null for email and webhooks until they confirm. */
  confirmedAt: Date | null;
}

/**
 * Subscribing again after unsubscribing (or while still pending) starts the row over: this form's
 * choices, no longer unsubscribed, the follows replaced (incident follows are added). Email and URL
 * subscribes both go through here, so a returning subscriber is reset the same way whatever the channel.
 */
export async function startOver(tx: DbOrTx, clock: Clock, subscriberId: string, fresh: FreshStart): Promise<void> {
  const chosen = fresh.following.components.length + fresh.following.groups.length + fresh.incidents.length > 0;
  await tx
    .update(subscriber)
    .set({
      ...(fresh.language ? { language: fresh.language } : {}),
      maintenance: fresh.maintenance,
      componentUpdates: fresh.componentUpdates,
      allComponents: !chosen,
      confirmedAt: fresh.confirmedAt,
      unsubscribedAt: null,
      updatedAt: clock.now(),
    })
    .where(eq(subscriber.id, subscriberId));
  await setFollowing(tx, subscriberId, fresh.following);
  await addIncidentFollows(tx, subscriberId, fresh.incidents);
}

/** Finds a subscriber by channel and target, or inserts a pending one with its unsubscribe token hash. */
export async function findOrInsertSubscriber(
  tx: DbOrTx,
  clock: Clock,
  channel: SubscriberRow["channel"],
  target: string,
  fields: Partial<Pick<SubscriberRow, "language" | "maintenance" | "componentUpdates" | "allComponents" | "consent" | "confirmedAt">>,
): Promise<{ row: SubscriberRow; created: boolean }> {
  const [existing] = await tx
    .select()
    .from(subscriber)
    .where(and(eq(subscriber.channel, channel), eq(subscriber.target, target)));
  if (existing) return { row: existing, created: false };
  const id = newId();
  const now = clock.now();
  const secret = await serverSecret(tx, clock);
  const [row] = await tx
    .insert(subscriber)
    .values({
      id,
      channel,
      target,
      ...fields,
      unsubscribeTokenHash: unsubscribeTokenHash(unsubscribeToken(secret, id)),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { row: row as SubscriberRow, created: true };
}
