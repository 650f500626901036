import { and, asc, eq, gt, isNotNull, isNull, type SQL } from "drizzle-orm";
import { clientOf } from "../../db/client.ts";
import { type notification, subscriber, subscription } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { loadComponentTree, loadIncidents, TEAM } from "../projection/index.ts";
import { sentAlone } from "./calendar-mail.ts";
import { announcedChange } from "./component-change.ts";

const PAGE = 2000;

/** Active: confirmed, and neither unsubscribed nor suppressed. */
export const isActive: SQL = and(
  isNotNull(subscriber.confirmedAt),
  isNull(subscriber.unsubscribedAt),
  isNull(subscriber.suppressedAt),
) as SQL;

/**
 * Writes one pending delivery per subscriber who follows what the notification is about.
 * Idempotent (UNIQUE(notification, subscriber, channel) + ON CONFLICT DO NOTHING), in 500-row
 * statements so a 100,000-recipient fan-out never holds the write lock long; a crash midway
 * simply expands again. Returns how many deliveries it wrote. Audience and visibility are checked later, when a batch is claimed.
 */
export async function expandNotification(deps: Deps, n: typeof notification.$inferSelect): Promise<number> {
  if (n.kind === "channel.test" || n.kind === "channel.verify") return expandOne(deps, n);
  if (n.kind === "component.updated") return expandComponentChange(deps, n);
  if (!n.incidentId) return 0;
  const [incident] = await loadIncidents(deps.db, TEAM, { ids: [n.incidentId] });
  if (!incident) return 0;
  const componentIds = incident.components.map((c) => c.id);
  const tree = await loadComponentTree(deps.db, TEAM);
  const groupIds = [...new Set(tree.all.filter((c) => componentIds.includes(c.id) && c.groupId).map((c) => c.groupId as string))];
  const wanted: SQL[] = [isActive];
  if (incident.kind === "maintenance") wanted.push(eq(subscriber.maintenance, true));
  // Indexed walks in subscriber order that need no sort, so the cost follows the number of
  // recipients, not of subscribers, and the deliveries' keys are written in order: those who
  // follow everything (subscriber_all_components_idx), then the followers of each affected
  // target (subscription_target_idx). Someone who follows two of them is inserted and counted once.
  const everyone = (after: string) =>
    deps.db
      .select({ id: subscriber.id, channel: subscriber.channel })
      .from(subscriber)
      .where(and(eq(subscriber.allComponents, true), gt(subscriber.id, after), ...wanted))
      .orderBy(asc(subscriber.id))
      .limit(PAGE);
  const followersOf = (type: "incident" | "component" | "group", id: string) => (after: string) =>
    deps.db
      .select({ id: subscription.subscriberId, channel: subscriber.channel })
      .from(subscription)
      .innerJoin(subscriber, eq(subscriber.id, subscription.subscriberId))
      .where(and(eq(subscription.targetType, type), eq(subscription.targetId, id), gt(subscription.subscriberId, after), ...wanted))
      .orderBy(asc(subscription.subscriberId))
      .limit(PAGE);
  const walks = [
    everyone,
    followersOf("incident", n.incidentId),
    ...componentIds.map((id) => followersOf("component", id)),
    ...groupIds.map((id) => followersOf("group", id)),
  ];
  let total = 0;
  for (const walk of walks) total += await insertPages(deps, n, walk);
  return total;
}

/** Opted-in followers of a changed component (everything, the component, or its group), once the change is announced. */
async function expandComponentChange(deps: Deps, n: typeof notification.$inferSelect): Promise<number> {
  const change = await announcedChange(deps, n);
  if (!change) return 0;
  const tree = await loadComponentTree(deps.db, TEAM);
  const groupId = tree.all.find((c) => c.id === change.componentId)?.groupId ?? null;
  const wanted = and(isActive, eq(subscriber.componentUpdates, true));
  const everyone = (after: string) =>
    deps.db
      .select({ id: subscriber.id, channel: subscriber.channel })
      .from(subscriber)
      .where(and(eq(subscriber.allComponents, true), gt(subscriber.id, after), wanted))
      .orderBy(asc(subscriber.id))
      .limit(PAGE);
  const followersOf = (type: "component" | "group", id: string) => (after: string) =>
    deps.db
      .select({ id: subscription.subscriberId, channel: subscriber.channel })
      .from(subscription)
      .innerJoin(subscriber, eq(subscriber.id, subscription.subscriberId))
      .where(and(eq(subscription.targetType, type), eq(subscription.targetId, id), gt(subscription.subscriberId, after), wanted))
      .orderBy(asc(subscription.subscriberId))
      .limit(PAGE);
  let total = 0;
  for (const walk of [everyone, followersOf("component", change.componentId), ...(groupId ? [followersOf("group", groupId)] : [])])
    total += await insertPages(deps, n, walk);
  return total;
}

/**
 * A chat channel's test message, or a webhook's verification code, goes to that one subscriber
 * through the same outbox as the rest: active for a test, still pending for a verification.
 */
function expandOne(deps: Deps, n: typeof notification.$inferSelect): Promise<number> {
  const subscriberId = String((n.payload as { subscriberId?: string } | null)?.subscriberId ?? "");
  const state =
    n.kind === "channel.verify"
      ? and(isNull(subscriber.confirmedAt), isNull(subscriber.unsubscribedAt), isNull(subscriber.suppressedAt))
      : isActive;
  return insertPages(deps, n, async (after) =>
    after
      ? []
      : deps.db
          .select({ id: subscriber.id, channel: subscriber.channel })
          .from(subscriber)
          .where(and(eq(subscriber.id, subscriberId), state)),
  );
}

const INSERT_ROWS = 500;

/**
 * Written as plain SQL: building 100,000 rows through the query builder cost several times
 * more than SQLite's own work. Columns as in db/schema/subscriber.ts; timestamps in ms.
 */
function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)").join(", ");
  return `INSERT INTO delivery (id, notification_id, subscriber_id, channel, incident_id, seq, state, alone, next_attempt_at, created_at, updated_at) VALUES ${values} ON CONFLICT DO NOTHING`;
}

async function insertPages(
  deps: Deps,
  n: typeof notification.$inferSelect,
  page: (after: string) => Promise<{ id: string; channel: (typeof subscriber.$inferSelect)["channel"] }[]>,
): Promise<number> {
  const client = clientOf(deps.db);
  let after = "";
  let total = 0;
  for (;;) {
    const rows = await page(after);
    if (!rows.length) return total;
    const now = deps.clock.now().getTime();
    for (let i = 0; i < rows.length; i += INSERT_ROWS) {
      const chunk = rows.slice(i, i + INSERT_ROWS);
      const args = chunk.flatMap((s) => [
        newId(),
        n.id,
        s.id,
        s.channel,
        n.incidentId,
        n.seq,
        sentAlone(n.kind, s.channel) ? 1 : 0,
        now,
        now,
        now,
      ]);
      const result = await client.execute({ sql: insertSql(chunk.length), args });
      total += result.rowsAffected;
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}
