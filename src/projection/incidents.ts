import { and, desc, eq, gte, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
  type ComponentStatus,
  closure,
  component,
  incident,
  incidentComponent,
  incidentUpdate,
  message,
  preventionCommitment,
} from "../../db/schema/index.ts";
import { type ProjectedClosure, projectClosure } from "./closure.ts";
import { viewedVisibility } from "./drill.ts";
import type { TextLanguage, Translations } from "./translations.ts";
import type { Viewer } from "./viewer.ts";
import { canSee, pickMessage, type StoredMessage } from "./visibility.ts";

export interface ProjectedUpdate extends TextLanguage {
  id: string;
  kind: string;
  status: string;
  /** Markdown, already chosen for this viewer (variant or public). */
  body: string;
  /** The audience whose variant this is, or null for the public text. */
  audience: string | null;
  displayAt: Date;
  createdAt: Date;
  updatedAt: Date;
  nextUpdateBy: Date | null;
  affectedComponents: { id: string; name: string; status: ComponentStatus }[];
  /** The picked message's translations (dropped by localizeIncident once a language is chosen). */
  translations?: Translations;
}

export interface ProjectedIncident {
  id: string;
  kind: "incident" | "maintenance";
  /** A practice incident; only the team ever gets one from this function. */
  drill: boolean;
  title: string;
  impact: "none" | "minor" | "major" | "critical";
  status: string;
  startedAt: Date;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  /** A maintenance's iCalendar SEQUENCE (0 until its window, title or state changes). */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  nextUpdateBy: Date | null;
  components: { id: string; name: string; status: ComponentStatus }[];
  /** Newest first. */
  updates: ProjectedUpdate[];
  closure: ProjectedClosure | null;
  commitments: ({
    id: string;
    text: string;
    owner: string;
    dueAt: Date | null;
    state: string;
    translations?: Translations;
  } & TextLanguage)[];
  postmortem: ({ body: string; publishedAt: Date; translations?: Translations } & TextLanguage) | null;
}

export interface IncidentQuery {
  ids?: string[];
  kind?: "incident" | "maintenance";
  /** Unresolved incidents, or maintenances not completed/cancelled. */
  active?: boolean;
  /** Started (or scheduled) at or after. */
  since?: Date;
  until?: Date;
  componentId?: string;
  /** Unresolved, or started at or after this instant: `/`'s open incidents and its past days in one read. */
  openOrSince?: Date;
  limit?: number;
}

const DONE = ["resolved", "postmortem", "completed", "cancelled"];

/**
 * Incidents and maintenances as a viewer may see them: only visible, published ones; only
 * the components, updates (their variant or the public text), apologies and commitments
 * meant for that viewer. Internal notes never leave this function.
 */
export async function loadIncidents(db: DbOrTx, viewer: Viewer, query: IncidentQuery = {}): Promise<ProjectedIncident[]> {
  const where: SQL[] = [eq(incident.draft, false)];
  if (query.ids) where.push(query.ids.length ? inArray(incident.id, query.ids) : eq(incident.id, ""));
  if (query.kind) where.push(eq(incident.kind, query.kind));
  if (query.active) where.push(isNull(incident.resolvedAt));
  if (query.since) where.push(or(gte(incident.startedAt, query.since), gte(incident.scheduledFor, query.since)) as SQL);
  if (query.until) where.push(lte(incident.startedAt, query.until));
  if (query.openOrSince) where.push(or(isNull(incident.resolvedAt), gte(incident.startedAt, query.openOrSince)) as SQL);
  if (query.componentId) {
    const ids = db
      .select({ id: incidentComponent.incidentId })
      .from(incidentComponent)
      .where(eq(incidentComponent.componentId, query.componentId));
    where.push(inArray(incident.id, ids));
  }
  const rows = (
    await db
      .select()
      .from(incident)
      .where(and(...where))
      .orderBy(desc(incident.startedAt))
      .limit(viewer.kind === "team" ? (query.limit ?? 1000) : 5000)
  )
    .filter((r) => canSee(viewer, viewedVisibility(r)))
    .filter((r) => !query.active || !DONE.includes(r.status))
    .slice(0, query.limit ?? 1000);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [links, updates, closures, commitments] = await Promise.all([
    db
      .select({
        incidentId: incidentComponent.incidentId,
        id: component.id,
        name: component.name,
        status: incidentComponent.status,
        visibility: component.visibility,
      })
      .from(incidentComponent)
      .innerJoin(component, eq(component.id, incidentComponent.componentId))
      .where(and(inArray(incidentComponent.incidentId, ids), isNull(component.deletedAt))),
    db
      .select()
      .from(incidentUpdate)
      .where(and(inArray(incidentUpdate.incidentId, ids), isNull(incidentUpdate.retractedAt)))
      .orderBy(desc(incidentUpdate.displayAt), desc(incidentUpdate.createdAt)),
    db
      .select({ incidentId: closure.incidentId, updateId: closure.updateId, apologyUpdateId: closure.apologyUpdateId })
      .from(closure)
      .where(inArray(closure.incidentId, ids)),
    db.select().from(preventionCommitment).where(inArray(preventionCommitment.incidentId, ids)),
  ]);
  const updateIds = updates.map((u) => u.id);
  const messages = updateIds.length
    ? await db
        .select()
        .from(message)
        .where(and(inArray(message.updateId, updateIds), inArray(message.kind, ["public", "variant"])))
    : [];
  const live = new Map<string, StoredMessage[]>(updateIds.map((id) => [id, []]));
  for (const m of messages) live.get(m.updateId)?.push(m);
  const componentNames = new Map(links.filter((l) => canSee(viewer, l.visibility)).map((l) => [l.id, l.name]));

  return rows.map((r) => {
    const components = links
      .filter((l) => l.incidentId === r.id && canSee(viewer, l.visibility))
      .map(({ id, name, status }) => ({ id, name, status }));
    const projectedUpdates: ProjectedUpdate[] = [];
    // An apology is shown inside the closure, not as a step of its own.
    for (const u of updates.filter((x) => x.incidentId === r.id && x.kind !== "apology")) {
      const picked = pickMessage(viewer, live.get(u.id) ?? []);
      if (!picked) continue;
      projectedUpdates.push({
        id: u.id,
        kind: u.kind,
        status: u.status,
        body: picked.body,
        audience: picked.audience,
        displayAt: u.displayAt,
        createdAt: u.createdAt,
        updatedAt: u.updatedAt,
        nextUpdateBy: u.nextUpdateBy,
        affectedComponents: u.componentChanges
          .filter((c) => componentNames.has(c.id))
          .map((c) => ({ id: c.id, name: componentNames.get(c.id) as string, status: c.status })),
        ...(picked.translations ? { translations: picked.translations } : {}),
      });
    }
    return {
      id: r.id,
      kind: r.kind,
      drill: r.drill,
      title: r.title,
      impact: r.impact,
      status: r.status,
      startedAt: r.startedAt,
      resolvedAt: r.resolvedAt,
      scheduledFor: r.scheduledFor,
      scheduledUntil: r.scheduledUntil,
      sequence: r.sequence,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      nextUpdateBy: r.resolvedAt ? null : r.nextUpdateBy,
      components,
      updates: projectedUpdates,
      closure: projectClosure(
        viewer,
        r.status,
        closures.find((c) => c.incidentId === r.id),
        live,
      ),
      commitments: commitments
        .filter((c) => c.incidentId === r.id && canSee(viewer, c.visibility))
        .map((c) => ({ id: c.id, text: c.text, owner: c.owner, dueAt: c.dueAt, state: c.state, ...translated(c.translations) })),
      postmortem:
        r.postmortemBody && r.postmortemPublishedAt
          ? { body: r.postmortemBody, publishedAt: r.postmortemPublishedAt, ...translated(r.postmortemTranslations) }
          : null,
    };
  });
}

/** Translations ride along only when there are some, so untranslated content projects as it did before. */
function translated(translations: Translations): { translations?: Translations } {
  return Object.keys(translations).length ? { translations } : {};
}
