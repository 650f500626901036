import { maintenanceIcs } from "../../lib/ical.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { loadComponentTree, loadIncidents, type Viewer } from "../../projection/index.ts";
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
  return maintenanceIcs({
    name: `${settings.name}: planned maintenance`,
    baseUrl,
    url: `${baseUrl}/maintenance.ics${componentId ? `?component=${componentId}` : ""}`,
    windows: events,
  });
}

async function visibleComponentId(deps: DataDeps, viewer: Viewer, component: string | null): Promise<string | null> {
  if (!component || !ID_PATTERN.test(component)) return null;
  const tree = await loadComponentTree(deps.db, viewer);
  return tree.all.some((c) => c.id === component) ? component : null;
}
