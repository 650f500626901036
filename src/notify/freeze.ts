import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  type DeliveryMessage,
  delivery,
  deliveryBatch,
  type FrozenMessage,
  notification,
  subscriber,
  subscription,
} from "../../db/schema/index.ts";
import { notIndexed, rowOf, writeBatch } from "../../db/sql.ts";
import type { Deps } from "../deps.ts";
import { translator } from "../i18n/index.ts";
import { ANONYMOUS, type ProjectedIncident, type ProjectedUpdate, type Viewer, viewerKey } from "../projection/index.ts";
import { CHAT_FORMATS, chatTestMessage, isChatChannel } from "./chat/index.ts";
import type { ComponentChange } from "./component-change.ts";
import { manageUrl, unsubscribeUrl } from "./links.ts";
import { componentGroups, componentTreeFor, incidentFor, incidentInLanguage, type RenderScope, recipientViewers } from "./recipient.ts";
import { renderComponentEmail, renderNotificationEmail, untranslatedNoted } from "./render.ts";
import { renderComponentWebhookMessage, renderWebhookMessage, verificationPayload } from "./webhook-payload.ts";

/** The Idempotency-Key of a batch: its id and exact membership, so the same request always has the same key. */
export function batchKey(batchId: string, deliveryIds: string[]): string {
  const digest = createHash("sha256")
    .update([...deliveryIds].sort().join(","))
    .digest("hex")
    .slice(0, 24);
  return `clarion-${batchId}-${digest}`;
}

/**
 * Turns a forming batch into a frozen one: re-checks each member at claim time (still active,
 * still following, maintenance opt-in, may see the incident and has words meant for them),
 * renders through the projection, and stores message + key. Members that fail are skipped.
 */
export async function freezeBatch(
  deps: Deps,
  scopeOf: RenderScope | (() => Promise<RenderScope>),
  batchId: string,
  /** Seal it in the same write: for a batch sent right after by the process that froze it. */
  options: { seal?: boolean } = {},
): Promise<Frozen> {
  const inBatch = and(eq(delivery.batchId, batchId), eq(delivery.state, "sending"));
  // Independent reads side by side: on a libSQL server each is a round trip the batch waits for.
  const [members, follows, scope] = await Promise.all([
    deps.db
      .select({ d: delivery, s: subscriber, n: notification })
      .from(delivery)
      .innerJoin(subscriber, eq(subscriber.id, delivery.subscriberId))
      .innerJoin(notification, eq(notification.id, delivery.notificationId))
      .where(inBatch),
    deps.db
      .select()
      .from(subscription)
      .where(inArray(subscription.subscriberId, deps.db.select({ id: delivery.subscriberId }).from(delivery).where(inBatch))),
    typeof scopeOf === "function" ? scopeOf() : scopeOf,
  ]);
  const [missedRows, viewers] = await Promise.all([
    supersededFor(
      deps,
      members.map((m) => m.d),
    ),
    recipientViewers(
      deps,
      members.filter((m) => m.s.channel === "email").map((m) => m.s.target),
    ),
  ]);
  // Each incident as each distinct viewer sees it, loaded side by side before rendering (cached in the scope).
  const seen = new Map<string, [string, Viewer]>();
  for (const { s, n } of members) {
    const viewer = (s.channel === "email" ? viewers.get(s.target) : undefined) ?? ANONYMOUS;
    if (n.incidentId) seen.set(`${n.incidentId}|${viewerKey(viewer)}`, [n.incidentId, viewer]);
  }
  await Promise.all([...seen.values()].map(([incidentId, viewer]) => incidentFor(scope, incidentId, viewer)));
  const frozen: { id: string; message: DeliveryMessage }[] = [];
  const contents: Record<string, FrozenMessage> = {};
  const skipped: { id: string; reason: string }[] = [];
  for (const { d, s, n } of members) {
    const reason = await render(scope, d, s, n, follows, missedRows, viewers, contents, frozen);
    if (reason) skipped.push({ id: d.id, reason });
  }
  const now = deps.clock.now();
  const caseOf = (rows: { id: string; value: string }[]) =>
    sql.join([sql`CASE ${delivery.id}`, ...rows.map((r) => sql`WHEN ${r.id} THEN ${r.value}`), sql`END`], sql` `);
  // One round trip on a libSQL server, whatever the batch holds (db/sql.ts).
  const written = await writeBatch(deps.db, [
    frozen.length
      ? deps.db
          .update(delivery)
          .set({ message: sql`${caseOf(frozen.map((f) => ({ id: f.id, value: JSON.stringify(f.message) })))}`, updatedAt: now })
          .where(
            inArray(
              delivery.id,
              frozen.map((f) => f.id),
            ),
          )
      : undefined,
    skipped.length
      ? deps.db
          .update(delivery)
          .set({
            state: "skipped",
            batchId: null,
            lastError: sql`${caseOf(skipped.map((s) => ({ id: s.id, value: s.reason })))}`,
            updatedAt: now,
          })
          .where(
            inArray(
              delivery.id,
              skipped.map((s) => s.id),
            ),
          )
      : undefined,
    deps.db
      .update(deliveryBatch)
      .set({
        contents,
        state: frozen.length ? "sending" : "sent",
        size: frozen.length,
        key: batchKey(
          batchId,
          frozen.map((f) => f.id),
        ),
        sentAt: frozen.length ? null : now,
        ...(options.seal && frozen.length ? { sealedAt: now } : {}),
      })
      .where(eq(deliveryBatch.id, batchId))
      .returning(),
  ]);
  // What the send needs, as it now stands, without reading it back: the batch (its row as written)
  // and its members with their frozen messages, in the order the send reads them.
  const raw = written.at(-1)?.rows[0];
  const messages = new Map(frozen.map((f) => [f.id, f.message]));
  return {
    count: frozen.length,
    batch: raw ? rowOf(deliveryBatch, raw) : undefined,
    members: members
      .filter((m) => messages.has(m.d.id))
      .map(({ d, s }) => ({ d: { ...d, message: messages.get(d.id) ?? null }, s }))
      .sort((a, b) => (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0)),
  };
}

/** A frozen batch: how many messages it holds, its row as written, and its members ready to send. */
export interface Frozen {
  count: number;
  batch: typeof deliveryBatch.$inferSelect | undefined;
  members: { d: typeof delivery.$inferSelect; s: typeof subscriber.$inferSelect }[];
}

type Member = { d: typeof delivery.$inferSelect; s: typeof subscriber.$inferSelect; n: typeof notification.$inferSelect };

async function render(
  scope: RenderScope,
  d: Member["d"],
  s: Member["s"],
  n: Member["n"],
  follows: (typeof subscription.$inferSelect)[],
  missedRows: Map<string, { updateId: string; seq: number }[]>,
  viewers: Map<string, Viewer>,
  contents: Record<string, FrozenMessage>,
  out: { id: string; message: DeliveryMessage }[],
): Promise<string | null> {
  if (n.kind === "channel.verify") {
    if (s.channel !== "webhook" || s.unsubscribedAt || s.suppressedAt) return "nothing to announce";
    if (s.confirmedAt) return "already verified";
    out.push({ id: d.id, message: { json: verificationPayload(scope, s.id, s.language) } });
    return null;
  }
  if (!s.confirmedAt || s.unsubscribedAt || s.suppressedAt) return "subscriber inactive";
  if (n.kind === "component.updated") return renderComponentChange(scope, d, s, n, follows, viewers, contents, out);
  if (n.kind === "channel.test") {
    if (!isChatChannel(s.channel)) return "nothing to announce";
    const links = {
      manageUrl: manageUrl(scope.deps.env, scope.secret, s.id),
      unsubscribeUrl: unsubscribeUrl(scope.deps.env, scope.secret, s.id),
    };
    out.push({
      id: d.id,
      message: { json: CHAT_FORMATS[s.channel]({ ...chatTestMessage(scope, s.channel, translator(s.language)), ...links }) },
    });
    return null;
  }
  if (!n.incidentId) return "nothing to announce";
  const viewer = (s.channel === "email" ? viewers.get(s.target) : undefined) ?? ANONYMOUS;
  const seen = await incidentFor(scope, n.incidentId, viewer);
  if (!seen) return "incident not visible to this subscriber";
  // Email and chat speak the subscriber's language; the Statuspage-shaped webhook stays in the default.
  const incident = incidentInLanguage(scope, seen, s.channel === "webhook" ? scope.defaultLanguage : s.language);
  if (incident.kind === "maintenance" && !s.maintenance) return "maintenance notices off";
  const mine = follows.filter((f) => f.subscriberId === s.id);
  const following =
    s.allComponents ||
    mine.some((f) => f.targetType === "incident" && f.targetId === incident.id) ||
    mine.some((f) => f.targetType === "component" && incident.components.some((c) => c.id === f.targetId));
  const groups = mine.some((f) => f.targetType === "group") ? await componentGroups(scope) : new Map<string, string | null>();
  const groupFollowed = mine.some((f) => f.targetType === "group" && incident.components.some((c) => groups.get(c.id) === f.targetId));
  if (!following && !groupFollowed) return "no longer following";
  const update = announced(incident, n);
  if (!update) return "no message for this subscriber";
  const missedIds = new Set((missedRows.get(`${s.id}|${n.incidentId}`) ?? []).filter((m) => m.seq < d.seq).map((m) => m.updateId));
  const missed: ProjectedUpdate[] = incident.updates.filter((u) => missedIds.has(u.id)).reverse();
  if (s.channel !== "email") {
    // A chat message carries the same "not yet translated" note as the email; the webhook payload is a machine format.
    const words = isChatChannel(s.channel) ? { ...update, body: untranslatedNoted(translator(s.language), update.body, update) } : update;
    out.push({ id: d.id, message: { json: renderWebhookMessage(scope, s, incident, words).json } });
    return null;
  }
  // Everyone with the same notification, viewer, missed updates and language reads the same words: render once per batch.
  const content = `${n.id}|${viewerKey(viewer)}|${[...missedIds].sort().join(",")}|${s.language}`;
  const publicCalendar = incident.kind === "maintenance" && (await incidentFor(scope, incident.id, ANONYMOUS)) !== null;
  contents[content] ??= renderNotificationEmail(scope, { kind: n.kind, incident, update, missed, publicCalendar, language: s.language });
  out.push({ id: d.id, message: { content } });
  return null;
}

/** A component's status change without an incident: re-checked for this subscriber, in their channel's format. */
async function renderComponentChange(
  scope: RenderScope,
  d: Member["d"],
  s: Member["s"],
  n: Member["n"],
  follows: (typeof subscription.$inferSelect)[],
  viewers: Map<string, Viewer>,
  contents: Record<string, FrozenMessage>,
  out: { id: string; message: DeliveryMessage }[],
): Promise<string | null> {
  const change = n.payload as ComponentChange | null;
  if (!change?.announcedFrom) return "nothing to announce";
  if (!s.componentUpdates) return "component notices off";
  const viewer = (s.channel === "email" ? viewers.get(s.target) : undefined) ?? ANONYMOUS;
  const component = (await componentTreeFor(scope, viewer)).all.find((c) => c.id === change.componentId);
  if (!component) return "component not visible to this subscriber";
  const mine = follows.filter((f) => f.subscriberId === s.id);
  const followed =
    s.allComponents ||
    mine.some(
      (f) =>
        (f.targetType === "component" && f.targetId === component.id) || (f.targetType === "group" && f.targetId === component.groupId),
    );
  if (!followed) return "no longer following";
  const words = { name: component.name, from: change.announcedFrom, to: change.to };
  if (s.channel !== "email") {
    out.push({ id: d.id, message: { json: renderComponentWebhookMessage(scope, s, { id: component.id, ...words }) } });
    return null;
  }
  const content = `${n.id}|${viewerKey(viewer)}|${s.language}`;
  contents[content] ??= renderComponentEmail(scope, { ...words, at: n.createdAt }, s.language);
  out.push({ id: d.id, message: { content } });
  return null;
}

/**
 * Updates skipped as superseded since the last one each subscriber received, per subscriber|incident.
 * The database compares with the last sent one, so the rows read stay few however long the history.
 */
async function supersededFor(deps: Deps, members: { subscriberId: string; incidentId: string | null }[]) {
  const out = new Map<string, { updateId: string; seq: number }[]>();
  const subscriberIds = [...new Set(members.map((m) => m.subscriberId))];
  if (!subscriberIds.length) return out;
  const lastSent = sql`coalesce((SELECT max(s.seq) FROM delivery s WHERE s.subscriber_id = ${delivery.subscriberId}
    AND s.incident_id = ${delivery.incidentId} AND s.state IN ('sent', 'delivered')), 0)`;
  const rows = await deps.db
    .select({ subscriberId: delivery.subscriberId, incidentId: delivery.incidentId, seq: delivery.seq, updateId: notification.updateId })
    .from(delivery)
    .innerJoin(notification, eq(notification.id, delivery.notificationId))
    .where(
      and(
        inArray(delivery.subscriberId, subscriberIds),
        eq(notIndexed(delivery.state), "skipped"),
        eq(delivery.lastError, "superseded"),
        sql`${delivery.seq} > ${lastSent}`,
      ),
    );
  for (const r of rows) {
    if (!r.updateId) continue;
    const key = `${r.subscriberId}|${r.incidentId}`;
    out.set(key, [...(out.get(key) ?? []), { updateId: r.updateId, seq: r.seq }]);
  }
  return out;
}

/**
 * The update a notification announces, as this reader sees it. A postmortem or a reminder may
 * carry no update id: the postmortem then speaks for itself, a reminder repeats the latest update.
 */
function announced(incident: ProjectedIncident, n: Member["n"]): ProjectedUpdate | undefined {
  if (n.updateId) return incident.updates.find((u) => u.id === n.updateId);
  if (n.kind === "incident.postmortem" && incident.postmortem) {
    const { body, publishedAt } = incident.postmortem;
    return {
      id: `${incident.id}-postmortem`,
      kind: "postmortem",
      status: incident.status,
      body,
      audience: null,
      displayAt: publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
      nextUpdateBy: null,
      affectedComponents: [],
    };
  }
  return incident.updates[0];
}
