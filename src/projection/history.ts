import { and, eq, gte, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
  type ComponentStatus,
  component,
  componentStatusChange,
  incident,
  incidentComponent,
  incidentUpdate,
} from "../../db/schema/index.ts";
import type { Viewer } from "./viewer.ts";
import { canSee } from "./visibility.ts";

/** A stretch of time one component spent in one status, and the visible incident that caused it. */
export interface StatusSpan {
  componentId: string;
  status: ComponentStatus;
  from: Date;
  /** Null while it lasts. */
  to: Date | null;
  incident: { id: string; kind: "incident" | "maintenance"; title: string } | null;
}

/**
 * Status history of the components a viewer may see, from `since`: spans caused by incidents
 * and maintenances the viewer may see (piecewise, following their updates' component changes),
 * plus manual status changes made without an incident. Restricted incidents add nothing.
 */
export async function loadStatusSpans(db: DbOrTx, viewer: Viewer, since: Date, now: Date): Promise<StatusSpan[]> {
  const links = (
    await db
      .select({
        componentId: incidentComponent.componentId,
        linkStatus: incidentComponent.status,
        componentVisibility: component.visibility,
        id: incident.id,
        kind: incident.kind,
        title: incident.title,
        status: incident.status,
        visibility: incident.visibility,
        startedAt: incident.startedAt,
        resolvedAt: incident.resolvedAt,
        scheduledFor: incident.scheduledFor,
        scheduledUntil: incident.scheduledUntil,
      })
      .from(incidentComponent)
      .innerJoin(incident, eq(incident.id, incidentComponent.incidentId))
      .innerJoin(component, eq(component.id, incidentComponent.componentId))
      .where(and(eq(incident.draft, false), isNull(component.deletedAt), or(isNull(incident.resolvedAt), gte(incident.resolvedAt, since))))
  ).filter((l) => canSee(viewer, l.visibility) && canSee(viewer, l.componentVisibility));
  const incidentIds = [...new Set(links.map((l) => l.id))];
  const updates = incidentIds.length
    ? await db
        .select({ incidentId: incidentUpdate.incidentId, displayAt: incidentUpdate.displayAt, changes: incidentUpdate.componentChanges })
        .from(incidentUpdate)
        .where(
          and(inArray(incidentUpdate.incidentId, incidentIds), isNull(incidentUpdate.retractedAt), ne(incidentUpdate.componentChanges, [])),
        )
    : [];
  updates.sort((a, b) => a.displayAt.getTime() - b.displayAt.getTime());
  const updatesOf = Map.groupBy(updates, (u) => u.incidentId);
  const spans: StatusSpan[] = [];
  for (const l of links) {
    const ref = { id: l.id, kind: l.kind, title: l.title };
    if (l.kind === "maintenance") {
      if (l.status === "cancelled" || l.status === "scheduled") continue;
      const from = l.scheduledFor && l.scheduledFor < (l.resolvedAt ?? now) ? l.scheduledFor : l.startedAt;
      spans.push({ componentId: l.componentId, status: "under_maintenance", from, to: l.resolvedAt, incident: ref });
      continue;
    }
    const end = l.resolvedAt;
    const steps = (updatesOf.get(l.id) ?? []).flatMap((u) =>
      u.changes.filter((c) => c.id === l.componentId).map((c) => ({ at: u.displayAt, status: c.status })),
    );
    if (!steps.length) {
      spans.push({ componentId: l.componentId, status: l.linkStatus, from: l.startedAt, to: end, incident: ref });
      continue;
    }
    steps.forEach((s, i) => {
      const from = i === 0 && l.startedAt < s.at ? l.startedAt : s.at;
      const next = steps[i + 1]?.at ?? end;
      spans.push({ componentId: l.componentId, status: s.status, from, to: next, incident: ref });
    });
  }
  return [...spans, ...(await manualSpans(db, viewer, since))];
}

/** Status changes made by hand (no incident): each lasts until the component's next change. */
async function manualSpans(db: DbOrTx, viewer: Viewer, since: Date): Promise<StatusSpan[]> {
  const rows = await db
    .select({
      componentId: componentStatusChange.componentId,
      status: componentStatusChange.status,
      incidentId: componentStatusChange.incidentId,
      at: componentStatusChange.at,
      visibility: component.visibility,
    })
    .from(componentStatusChange)
    .innerJoin(component, eq(component.id, componentStatusChange.componentId))
    .where(
      and(
        isNull(component.deletedAt),
        // Changes inside the window, plus each component's last change before it (its state when the window opens).
        or(
          gte(componentStatusChange.at, since),
          sql`${componentStatusChange.at} = (SELECT max(x.at) FROM component_status_change x WHERE x.component_id = ${componentStatusChange.componentId} AND x.at < ${since.getTime()})`,
        ),
      ),
    )
    .orderBy(componentStatusChange.componentId, componentStatusChange.at);
  const spans: StatusSpan[] = [];
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    const to = next && next.componentId === r.componentId ? next.at : null;
    if (r.incidentId || r.status === "operational" || !canSee(viewer, r.visibility)) return;
    if (to && to < since) return;
    spans.push({ componentId: r.componentId, status: r.status, from: r.at, to, incident: null });
  });
  return spans;
}
