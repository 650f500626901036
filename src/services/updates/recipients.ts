import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { audience, audienceMember, type Channel, component, subscriber, subscription } from "../../../db/schema/index.ts";
import { audienceViewer, canSee } from "../../projection/index.ts";

export type RecipientCounts = Record<string, Partial<Record<Channel, number>>>;

/**
 * Who would be told, grouped by the text they get: each confirmed, active subscriber who
 * follows an affected component or group (or everything, or this incident) and may see the
 * incident lands in the first of its audiences (precedence order) listed in `rows`, else "public".
 */
export async function countRecipients(
  db: DbOrTx,
  input: { incidentId: string | null; visibility: string; componentIds: string[]; rows: string[] },
): Promise<RecipientCounts> {
  const groupIds = input.componentIds.length
    ? (await db.select({ g: component.groupId }).from(component).where(inArray(component.id, input.componentIds)))
        .map((r) => r.g)
        .filter((g): g is string => Boolean(g))
    : [];
  const active = and(isNotNull(subscriber.confirmedAt), isNull(subscriber.unsubscribedAt), isNull(subscriber.suppressedAt));
  const [subs, follows, audiences, members] = await Promise.all([
    db
      .select({ id: subscriber.id, channel: subscriber.channel, target: subscriber.target, all: subscriber.allComponents })
      .from(subscriber)
      .where(active),
    db.select().from(subscription),
    db.select().from(audience).where(eq(audience.kind, "custom")),
    db.select().from(audienceMember),
  ]);
  const wanted = new Set([
    ...input.componentIds.map((id) => `component:${id}`),
    ...groupIds.map((id) => `group:${id}`),
    `incident:${input.incidentId}`,
  ]);
  const following = new Set(follows.filter((f) => wanted.has(`${f.targetType}:${f.targetId}`)).map((f) => f.subscriberId));
  const ordered = [...audiences].sort((a, b) => a.precedence - b.precedence || a.slug.localeCompare(b.slug));
  const counts: RecipientCounts = Object.fromEntries(input.rows.map((r) => [r, {}]));
  for (const s of subs) {
    if (!s.all && !following.has(s.id)) continue;
    const domain = s.channel === "email" ? (s.target.split("@")[1] ?? "") : "";
    const mine = ordered
      .filter((a) => members.some((m) => m.audienceId === a.id && m.subscriberId === s.id) || (domain && a.domains.includes(domain)))
      .map((a) => a.slug);
    if (!canSee(audienceViewer(s.target, mine), input.visibility)) continue;
    const row = mine.find((slug) => input.rows.includes(slug)) ?? "public";
    const bucket = counts[row] ?? {};
    bucket[s.channel] = (bucket[s.channel] ?? 0) + 1;
    counts[row] = bucket;
  }
  return counts;
}
