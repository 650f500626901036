import { and, eq, gte, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
  type ComponentStatus,
  component,
  componentStatusChange,
  incident,
  incidentComponent,
  incidentUpdate,
} from "../../db/schema/index.ts";
import { jsonRows } from "../../db/sql.ts";
import { viewedVisibilitySql } from "./drill.ts";
import type { Viewer } from "./viewer.ts";
import { canSee } from "./visibility.ts";

/**
 * A stretch of time one component spent in one status, and the visible incident that caused it.
 * Times are epoch milliseconds: the page compares them thousands of times per render.
 */
export interface StatusSpan {
  componentId: string;
  status: ComponentStatus;
  from: number;
  /** Null while it lasts. */
  to: number | null;
  incident: { id: string; kind: "incident" | "maintenance"; title: string } | null;
}

/**
 * Status history of the components a viewer may see, from `since`: spans caused by incidents
 * and maintenances the viewer may see (piecewise, following their updates' component changes),
 * plus manual holds made without an incident. Incidents the viewer may not see add nothing.
 */
export async function loadStatusSpans(db: DbOrTx, viewer: Viewer, since: Date, now: Date): Promise<StatusSpan[]> {
  const inWindow = and(eq(incident.draft, false), or(isNull(incident.resolvedAt), gte(incident.resolvedAt, since)));
  type Link = [
    string,
    ComponentStatus,
    string,
    string,
    "incident" | "maintenance",
    string,
    string,
    string,
    number,
    number | null,
    number | null,
  ];
  const links = (
    await jsonRows<Link>(
      db,
      [
        incidentComponent.componentId,
        incidentComponent.status,
        component.visibility,
        incident.id,
        incident.kind,
        incident.title,
        incident.status,
        viewedVisibilitySql,
        incident.startedAt,
        incident.resolvedAt,
        incident.scheduledFor,
      ],
      sql`FROM ${incidentComponent}
        INNER JOIN ${incident} ON ${incident.id} = ${incidentComponent.incidentId}
        INNER JOIN ${component} ON ${component.id} = ${incidentComponent.componentId}
        WHERE ${and(inWindow, isNull(component.deletedAt))}`,
    )
  ).filter((l) => canSee(viewer, l[7]) && canSee(viewer, l[2]));
  type Update = [string, number, { id: string; status: ComponentStatus }[]];
  const updates = links.length
    ? await jsonRows<Update>(
        db,
        [incidentUpdate.incidentId, incidentUpdate.displayAt, sql`json(${incidentUpdate.componentChanges})`],
        sql`FROM ${incidentUpdate}
          WHERE ${incidentUpdate.incidentId} IN (SELECT ${incident.id} FROM ${incident} WHERE ${inWindow})
            AND ${isNull(incidentUpdate.retractedAt)} AND ${incidentUpdate.componentChanges} <> '[]'`,
      )
    : [];
  updates.sort((a, b) => a[1] - b[1]);
  const updatesOf = Map.groupBy(updates, (u) => u[0]);
  const spans: StatusSpan[] = [];
  for (const [componentId, linkStatus, , id, kind, title, status, , startedMs, resolvedMs, scheduledMs] of links) {
    const ref = { id, kind, title };
    if (kind === "maintenance") {
      if (status === "cancelled" || status === "scheduled") continue;
      const from = scheduledMs !== null && scheduledMs < (resolvedMs ?? now.getTime()) ? scheduledMs : startedMs;
      spans.push({ componentId, status: "under_maintenance", from, to: resolvedMs, incident: ref });
      continue;
    }
    const steps: { at: number; status: ComponentStatus }[] = [];
    for (const [, at, changes] of updatesOf.get(id) ?? []) {
      for (const c of changes) if (c.id === componentId) steps.push({ at, status: c.status });
    }
    if (!steps.length) {
      spans.push({ componentId, status: linkStatus, from: startedMs, to: resolvedMs, incident: ref });
      continue;
    }
    // Only the incident's first update reaches back to a backdated start; a component named later is held from then.
    const firstAt = updatesOf.get(id)?.[0]?.[1];
    steps.forEach((step, i) => {
      const from = i === 0 && step.at === firstAt && startedMs < step.at ? startedMs : step.at;
      spans.push({ componentId, status: step.status, from, to: steps[i + 1]?.at ?? resolvedMs, incident: ref });
    });
  }
  return [...spans, ...(await manualSpans(db, viewer, since))];
}

/** Manual holds (status set by a person, no incident): each lasts until the component's next manual change. */
async function manualSpans(db: DbOrTx, viewer: Viewer, since: Date): Promise<StatusSpan[]> {
  const rows = await db
    .select({
      componentId: componentStatusChange.componentId,
      status: componentStatusChange.status,
      at: componentStatusChange.at,
      visibility: component.visibility,
    })
    .from(componentStatusChange)
    .innerJoin(component, eq(component.id, componentStatusChange.componentId))
    .where(
      and(
        isNull(component.deletedAt),
        isNull(componentStatusChange.incidentId),
        // Changes inside the window, plus each component's last change before it (its state when the window opens).
        or(
          gte(componentStatusChange.at, since),
          sql`${componentStatusChange.at} = (SELECT max(x.at) FROM component_status_change x WHERE x.component_id = ${componentStatusChange.componentId} AND x.incident_id IS NULL AND x.at < ${since.getTime()})`,
        ),
      ),
    )
    .orderBy(componentStatusChange.componentId, componentStatusChange.at);
  const spans: StatusSpan[] = [];
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    const to = next && next.componentId === r.componentId ? next.at : null;
    if (r.status === "operational" || !canSee(viewer, r.visibility)) return;
    if (to && to < since) return;
    spans.push({ componentId: r.componentId, status: r.status, from: r.at.getTime(), to: to ? to.getTime() : null, incident: null });
  });
  return spans;
}

const FAR_FUTURE = new Date(8.64e15);

/** The holds lasting now, for one viewer: open incidents, maintenances in progress, manual holds. */
export async function loadHolds(db: DbOrTx, viewer: Viewer): Promise<StatusSpan[]> {
  return (await loadStatusSpans(db, viewer, FAR_FUTURE, FAR_FUTURE)).filter((s) => s.to === null);
}
