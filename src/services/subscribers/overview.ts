import { sql } from "drizzle-orm";
import { audience, subscriber } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { audiencesForEmails } from "../../projection/index.ts";
import type { SubscriberState } from "./schemas.ts";

/** How many subscribers there are in each state (the console's count above the list). */
export async function subscriberCounts(deps: Pick<Deps, "db">): Promise<Record<SubscriberState, number> & { total: number }> {
  const [row] = await deps.db
    .select({
      total: sql<number>`count(*)`,
      active: sql<number>`coalesce(sum(${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NULL AND ${subscriber.confirmedAt} IS NOT NULL), 0)`,
      pending: sql<number>`coalesce(sum(${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NULL AND ${subscriber.confirmedAt} IS NULL), 0)`,
      unsubscribed: sql<number>`coalesce(sum(${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NOT NULL), 0)`,
      suppressed: sql<number>`coalesce(sum(${subscriber.suppressedAt} IS NOT NULL), 0)`,
    })
    .from(subscriber);
  return {
    total: Number(row?.total ?? 0),
    active: Number(row?.active ?? 0),
    pending: Number(row?.pending ?? 0),
    unsubscribed: Number(row?.unsubscribed ?? 0),
    suppressed: Number(row?.suppressed ?? 0),
  };
}

/** Confirmed, reachable subscribers who asked for maintenance notices: who "notify" reaches when a maintenance is public. */
export async function maintenanceSubscriberCount(deps: Pick<Deps, "db">): Promise<number> {
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)` })
    .from(subscriber)
    .where(
      sql`${subscriber.suppressedAt} IS NULL AND ${subscriber.unsubscribedAt} IS NULL AND ${subscriber.confirmedAt} IS NOT NULL AND ${subscriber.maintenance} = 1`,
    );
  return Number(row?.n ?? 0);
}

/**
 * The audiences each address really belongs to, by name, in precedence order: explicit membership
 * and domain rules alike (the projection's rule), so the owner sees who will get which variant.
 */
export async function effectiveAudienceNames(deps: Pick<Deps, "db">, emails: string[]): Promise<Map<string, string[]>> {
  const [slugs, all] = await Promise.all([
    audiencesForEmails(deps.db, emails),
    deps.db.select({ slug: audience.slug, name: audience.name }).from(audience),
  ]);
  const name = new Map(all.map((a) => [a.slug, a.name]));
  return new Map([...slugs].map(([email, list]) => [email, list.map((s) => name.get(s) ?? s)]));
}
