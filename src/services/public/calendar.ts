import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { ID_PATTERN } from "../../lib/ids.ts";
import { absoluteMarkdownLinks, markdownToText } from "../../lib/markdown.ts";
import { loadComponentTree, loadIncidents, type ProjectedIncident, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import { LIST_LIMIT } from "./statuspage.ts";

/** How far back ended or cancelled windows stay in the calendar, so a subscribed calendar sees them change. */
export const CALENDAR_PAST_DAYS = 90;

export interface CalendarQuery {
  /** Only maintenance affecting this component (one the viewer may see; otherwise the whole page's). */
  component?: string | null;
  /** One maintenance only (the link in a maintenance email); null when the viewer may not see it. */
  maintenance?: string | null;
}

/**
 * The iCalendar (RFC 5545) of scheduled maintenance as this viewer sees it, one VEVENT per window:
 * UID stable per maintenance, SEQUENCE counting its changes (a moved window, a new title, a
 * cancellation), STATUS:CANCELLED once cancelled. Written by ical-generator, which folds lines and
 * escapes text as the RFC requires. Null when the one maintenance asked for is not visible.
 */
export async function maintenanceCalendar(
  deps: DataDeps,
  viewer: Viewer,
  baseUrl: string,
  query: CalendarQuery = {},
): Promise<string | null> {
  const componentId = await visibleComponentId(deps, viewer, query.component ?? null);
  const since = new Date(deps.clock.now().getTime() - CALENDAR_PAST_DAYS * 86_400_000);
  const one = query.maintenance && ID_PATTERN.test(query.maintenance) ? query.maintenance : null;
  const [settings, windows] = await Promise.all([
    getSettings(deps),
    loadIncidents(deps.db, viewer, {
      kind: "maintenance",
      limit: LIST_LIMIT,
      ...(one ? { ids: [one] } : { since }),
      ...(componentId ? { componentId } : {}),
    }),
  ]);
  const events = windows.filter((m) => m.scheduledFor && m.scheduledUntil);
  if (query.maintenance && !events.length) return null;
  const host = new URL(baseUrl).hostname;
  const calendar = ical({
    name: `${settings.name}: planned maintenance`,
    prodId: { company: "Clarion", product: "status page", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    url: `${baseUrl}/maintenance.ics${componentId ? `?component=${componentId}` : ""}`,
    ttl: 60 * 60,
  });
  for (const m of events) {
    calendar.createEvent({
      id: `maintenance-${m.id}@${host}`,
      sequence: m.sequence,
      start: m.scheduledFor as Date,
      end: m.scheduledUntil as Date,
      stamp: m.updatedAt,
      created: m.createdAt,
      lastModified: m.updatedAt,
      summary: m.status === "cancelled" ? `Cancelled: ${m.title}` : m.title,
      description: description(m, baseUrl),
      url: `${baseUrl}/maintenance/${m.id}`,
      status: m.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The latest update in words, the affected components and the page's link. */
function description(m: ProjectedIncident, baseUrl: string): string {
  const latest = m.updates[0];
  const body = latest ? markdownToText(absoluteMarkdownLinks(latest.body, baseUrl)) : "";
  const affected = m.components.length ? `Affected: ${m.components.map((c) => c.name).join(", ")}` : "";
  return [body, affected, `${baseUrl}/maintenance/${m.id}`].filter(Boolean).join("\n\n");
}

async function visibleComponentId(deps: DataDeps, viewer: Viewer, component: string | null): Promise<string | null> {
  if (!component || !ID_PATTERN.test(component)) return null;
  const tree = await loadComponentTree(deps.db, viewer);
  return tree.all.some((c) => c.id === component) ? component : null;
}
