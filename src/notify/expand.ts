import { and, asc, eq, gt, inArray, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { delivery, type notification, subscriber, subscription } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { loadComponentTree, loadIncidents, TEAM } from "../projection/index.ts";

const PAGE = 2000;

/** Active: confirmed, and neither unsubscribed nor suppressed. */
export const isActive: SQL = and(
  isNotNull(subscriber.confirmedAt),
  isNull(subscriber.unsubscribedAt),
  isNull(subscriber.suppressedAt),
) as SQL;

/**
 * Writes one pending delivery per subscriber who follows what the notification is about.
 * Idempotent (UNIQUE(notification, subscriber, channel) + ON CONFLICT DO NOTHING), in small
 * transactions so a 100,000-recipient fan-out never holds the write lock long; a crash midway
 * simply expands again. Audience and visibility are checked later, when a batch is claimed.
 */
export async function expandNotification(deps: Deps, n: typeof notification.$inferSelect): Promise<number> {
  if (!n.incidentId) return 0;
  const [incident] = await loadIncidents(deps.db, TEAM, { ids: [n.incidentId] });
  if (!incident) return 0;
  const componentIds = incident.components.map((c) => c.id);
  const tree = await loadComponentTree(deps.db, TEAM);
  const groupIds = [...new Set(tree.all.filter((c) => componentIds.includes(c.id) && c.groupId).map((c) => c.groupId as string))];
  const following = or(
    and(eq(subscription.targetType, "incident"), eq(subscription.targetId, n.incidentId)),
    componentIds.length ? and(eq(subscription.targetType, "component"), inArray(subscription.targetId, componentIds)) : undefined,
    groupIds.length ? and(eq(subscription.targetType, "group"), inArray(subscription.targetId, groupIds)) : undefined,
  ) as SQL;
  const wanted: SQL[] = [isActive];
  if (incident.kind === "maintenance") wanted.push(eq(subscriber.maintenance, true));
  // Two indexed walks instead of one OR over every subscriber: those who follow everything
  // (subscriber_all_components_idx), then those who follow something affected (subscription_target_idx).
  const everyone = (after: string) =>
    deps.db
      .select({ id: subscriber.id, channel: subscriber.channel })
      .from(subscriber)
      .where(and(eq(subscriber.allComponents, true), gt(subscriber.id, after), ...wanted))
      .orderBy(asc(subscriber.id))
      .limit(PAGE);
  // Paged along subscription's primary key (subscriber_id first), so each page resumes where the last ended.
  const followers = (after: string) =>
    deps.db
      .selectDistinct({ id: subscription.subscriberId, channel: subscriber.channel })
      .from(subscription)
      .innerJoin(subscriber, eq(subscriber.id, subscription.subscriberId))
      .where(and(following, gt(subscription.subscriberId, after), ...wanted))
      .orderBy(asc(subscription.subscriberId))
      .limit(PAGE);
  return (await insertPages(deps, n, everyone)) + (await insertPages(deps, n, followers));
}

async function insertPages(
  deps: Deps,
  n: typeof notification.$inferSelect,
  page: (after: string) => Promise<{ id: string; channel: (typeof subscriber.$inferSelect)["channel"] }[]>,
): Promise<number> {
  let after = "";
  let total = 0;
  for (;;) {
    const rows = await page(after);
    if (!rows.length) return total;
    const now = deps.clock.now();
    const values = rows.map((s) => ({
      id: newId(),
      notificationId: n.id,
      subscriberId: s.id,
      channel: s.channel,
      incidentId: n.incidentId,
      seq: n.seq,
      state: "pending" as const,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < values.length; i += 500) {
      await deps.db
        .insert(delivery)
        .values(values.slice(i, i + 500))
        .onConflictDoNothing();
    }
    total += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
  }
}
