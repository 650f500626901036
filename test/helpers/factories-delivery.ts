import { bumpContentVersion } from "../../db/content-version.ts";
import { audienceMember, incident, incidentComponent, incidentUpdate, message, subscriber, subscription } from "../../db/schema/index.ts";
import { unsubscribeToken, unsubscribeTokenHash } from "../../src/auth/link-signatures.ts";
import { serverSecret } from "../../src/auth/server-secret.ts";
import type { Deps } from "../../src/deps.ts";
import { newId } from "../../src/lib/ids.ts";
import { enqueueNotification, type NotificationKind } from "../../src/notify/outbox.ts";

type D = Pick<Deps, "db" | "clock">;

export interface SubscriberSpec {
  email: string;
  components?: string[];
  groups?: string[];
  audiences?: string[];
  maintenance?: boolean;
  /** The email language (src/i18n/locales.ts); English when not given. */
  language?: string;
  componentUpdates?: boolean;
  channel?: "email" | "webhook" | "slack" | "teams" | "discord" | "google_chat";
}

/** Inserts confirmed subscribers in bulk (the fan-out tests need thousands); returns their ids. */
export async function makeSubscribers(deps: D, specs: SubscriberSpec[]): Promise<string[]> {
  const secret = await serverSecret(deps.db, deps.clock);
  const now = deps.clock.now();
  const ids: string[] = [];
  for (let i = 0; i < specs.length; i += 500) {
    const chunk = specs.slice(i, i + 500).map((s) => ({ spec: s, id: newId() }));
    await deps.db.transaction(async (tx) => {
      await tx.insert(subscriber).values(
        chunk.map(({ spec, id }) => ({
          id,
          channel: spec.channel ?? "email",
          target: spec.email.toLowerCase(),
          allComponents: !spec.components?.length && !spec.groups?.length,
          maintenance: spec.maintenance ?? true,
          language: spec.language ?? "en",
          componentUpdates: spec.componentUpdates ?? false,
          confirmedAt: now,
          unsubscribeTokenHash: unsubscribeTokenHash(unsubscribeToken(secret, id)),
          createdAt: now,
          updatedAt: now,
        })),
      );
      const subs = chunk.flatMap(({ spec, id }) => [
        ...(spec.components ?? []).map((c) => ({ subscriberId: id, targetType: "component" as const, targetId: c })),
        ...(spec.groups ?? []).map((g) => ({ subscriberId: id, targetType: "group" as const, targetId: g })),
      ]);
      if (subs.length) await tx.insert(subscription).values(subs);
      const members = chunk.flatMap(({ spec, id }) => (spec.audiences ?? []).map((a) => ({ audienceId: a, subscriberId: id })));
      if (members.length) await tx.insert(audienceMember).values(members);
    });
    ids.push(...chunk.map((c) => c.id));
  }
  return ids;
}

export interface PublishSpec {
  title?: string;
  kind?: "incident" | "maintenance";
  visibility?: string;
  components?: string[];
  status?: string;
  body: string;
  /** audience slug → variant body */
  variants?: Record<string, string>;
  internal?: string;
}

/** An incident (or maintenance) with its first update, notified in the same transaction as a publish would. */
export async function publishIncident(
  deps: D,
  spec: PublishSpec,
): Promise<{ incidentId: string; updateId: string; notificationId: string }> {
  const incidentId = newId();
  const now = deps.clock.now();
  const kind = spec.kind ?? "incident";
  const status = spec.status ?? (kind === "maintenance" ? "scheduled" : "investigating");
  return deps.db.transaction(async (tx) => {
    await tx.insert(incident).values({
      id: incidentId,
      kind,
      title: spec.title ?? "Elevated errors",
      impact: "major",
      status,
      visibility: spec.visibility ?? "public",
      startedAt: now,
      scheduledFor: kind === "maintenance" ? new Date(now.getTime() + 3600_000) : null,
      scheduledUntil: kind === "maintenance" ? new Date(now.getTime() + 7200_000) : null,
      createdAt: now,
      updatedAt: now,
    });
    for (const c of spec.components ?? [])
      await tx.insert(incidentComponent).values({ incidentId, componentId: c, status: "major_outage" });
    const { updateId, notificationId } = await addUpdateTx(
      tx,
      deps,
      incidentId,
      { ...spec, status },
      kind === "maintenance" ? "maintenance.scheduled" : "incident.created",
    );
    return { incidentId, updateId, notificationId };
  });
}

/** A further update on an incident, with its notification. */
export async function publishUpdate(
  deps: D,
  incidentId: string,
  spec: Omit<PublishSpec, "components" | "kind" | "visibility">,
): Promise<{ updateId: string; notificationId: string }> {
  return deps.db.transaction((tx) => addUpdateTx(tx, deps, incidentId, spec, "incident.updated"));
}

async function addUpdateTx(
  tx: Parameters<Parameters<D["db"]["transaction"]>[0]>[0],
  deps: D,
  incidentId: string,
  spec: Pick<PublishSpec, "body" | "variants" | "internal" | "status">,
  kind: NotificationKind,
): Promise<{ updateId: string; notificationId: string }> {
  const updateId = newId();
  const now = deps.clock.now();
  await tx
    .insert(incidentUpdate)
    .values({ id: updateId, incidentId, status: spec.status ?? "identified", displayAt: now, createdAt: now, updatedAt: now });
  await tx.insert(message).values({ id: newId(), updateId, kind: "public", body: spec.body, createdAt: now });
  for (const [slug, body] of Object.entries(spec.variants ?? {})) {
    await tx.insert(message).values({ id: newId(), updateId, kind: "variant", audienceSlug: slug, body, createdAt: now });
  }
  if (spec.internal) await tx.insert(message).values({ id: newId(), updateId, kind: "internal", body: spec.internal, createdAt: now });
  const notificationId = await enqueueNotification(tx, deps.clock, { kind, incidentId, updateId });
  // As every publish does: render caches (the public page's, the dispatcher's) see a new version.
  await bumpContentVersion(tx, deps.clock);
  return { updateId, notificationId };
}
