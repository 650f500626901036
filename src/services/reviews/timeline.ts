import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { auditEvent, escalation, incidentUpdate, message, signal } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { requireIncident } from "../incidents/load.ts";
import type { IncidentTimeline } from "./metrics.ts";

export interface TimelineEvent {
  at: Date;
  kind: "signal" | "acknowledgement" | "first_public_update" | "update" | "resolution";
  /** The API's English words for the entry; the console builds its own from the fields below. */
  label: string;
  updateId?: string;
  /** An update's kind (update, closure, apology…), its status, and whether anyone outside the team saw it. */
  updateKind?: string;
  status?: string;
  published?: boolean;
  /** How many alerts a signal entry stands for. */
  signals?: number;
}

export interface LoadedTimeline {
  timeline: IncidentTimeline;
  events: TimelineEvent[];
  /** Audience slugs a message went to ("public" for the public text). */
  audiences: string[];
}

const minDate = (dates: (Date | null | undefined)[]): Date | null =>
  dates.filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

/** What Clarion already knows about an incident, for the team's review (console only). */
export async function loadTimeline(deps: Pick<Deps, "db">, incidentId: string): Promise<LoadedTimeline> {
  const inc = await requireIncident(deps.db, incidentId);
  const updates = await deps.db
    .select()
    .from(incidentUpdate)
    .where(and(eq(incidentUpdate.incidentId, incidentId)))
    .orderBy(asc(incidentUpdate.createdAt));
  const messages = updates.length
    ? await deps.db
        .select({ updateId: message.updateId, kind: message.kind, audienceSlug: message.audienceSlug })
        .from(message)
        .where(
          and(
            inArray(
              message.updateId,
              updates.map((u) => u.id),
            ),
            ne(message.kind, "internal"),
          ),
        )
    : [];
  const signals = await deps.db
    .select({ firstSeenAt: signal.firstSeenAt, ack: signal.acknowledgedAt, id: signal.id })
    .from(signal)
    .where(eq(signal.incidentId, incidentId));
  const escalations = await deps.db
    .select({ ack: escalation.acknowledgedAt })
    .from(escalation)
    .where(and(eq(escalation.incidentId, incidentId), isNotNull(escalation.acknowledgedAt)));
  const [firstAction] = await deps.db
    .select({ at: auditEvent.at })
    .from(auditEvent)
    .where(
      and(
        eq(auditEvent.resourceType, "incident"),
        eq(auditEvent.resourceId, incidentId),
        inArray(auditEvent.actorType, ["member", "token"]),
      ),
    )
    .orderBy(asc(auditEvent.at))
    .limit(1);
  const published = new Set(messages.map((m) => m.updateId));
  const timelineUpdates = updates
    .filter((u) => !u.retractedAt)
    .map((u) => ({
      id: u.id,
      kind: u.kind,
      status: u.status,
      displayAt: u.displayAt,
      createdAt: u.createdAt,
      nextUpdateBy: u.nextUpdateBy,
      published: published.has(u.id),
    }));
  const timeline: IncidentTimeline = {
    startedAt: inc.startedAt,
    createdAt: inc.createdAt,
    resolvedAt: inc.resolvedAt,
    acknowledgedAt: minDate([...signals.map((s) => s.ack), ...escalations.map((e) => e.ack)]),
    firstTeamActionAt: minDate([firstAction?.at, updates[0]?.createdAt]),
    updates: timelineUpdates,
  };
  const events: TimelineEvent[] = [];
  const firstSignal = minDate(signals.map((s) => s.firstSeenAt));
  if (firstSignal)
    events.push({
      at: firstSignal,
      kind: "signal",
      label: `First alert (${signals.length} signal${signals.length === 1 ? "" : "s"})`,
      signals: signals.length,
    });
  if (timeline.acknowledgedAt) events.push({ at: timeline.acknowledgedAt, kind: "acknowledgement", label: "Alert acknowledged" });
  let firstPublic = true;
  for (const u of timelineUpdates) {
    const kind = u.published && firstPublic ? "first_public_update" : "update";
    if (u.published) firstPublic = false;
    const what = u.kind === "update" ? u.status.replace(/_/g, " ") : `${u.kind}`;
    events.push({
      at: u.createdAt,
      kind,
      label: `${u.published ? "" : "Internal-only "}${what}`,
      updateId: u.id,
      updateKind: u.kind,
      status: u.status,
      published: u.published,
    });
  }
  if (inc.resolvedAt) events.push({ at: inc.resolvedAt, kind: "resolution", label: "Resolved" });
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const audiences = new Set<string>();
  for (const m of messages) {
    if (m.kind === "variant" && m.audienceSlug) audiences.add(m.audienceSlug);
    if (m.kind === "public") for (const slug of inc.visibility.split(",")) audiences.add(slug);
  }
  return { timeline, events, audiences: [...audiences].filter((a) => a !== "internal").sort() };
}
