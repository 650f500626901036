import { ID_PATTERN } from "../../lib/ids.ts";
import {
  loadComponentTree,
  loadIncidents,
  loadStatusSpans,
  type ProjectedComponent,
  type ProjectedIncident,
  type Viewer,
} from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { lastVisibleChange } from "./last-change.ts";
import { HISTORY_DAYS } from "./page.ts";
import { inReaderLanguage } from "./reader-language.ts";
import { dayWindows } from "./time.ts";
import { type ComponentHistory, componentHistory, type HistoryDay } from "./uptime.ts";

export interface ComponentDay {
  date: string;
  status: HistoryDay["status"];
  /** The day's incidents and maintenances, as this viewer may see them (duration from their own start and end). */
  incidents: ProjectedIncident[];
}

export interface ComponentPageModel {
  settings: PageSettings;
  now: Date;
  component: { id: string; name: string; description: string | null; status: ProjectedComponent["status"] };
  groupName: string | null;
  history: ComponentHistory;
  /** Days with something to tell, newest first: the bar's cells link to them (`#d2026-03-02`). */
  notableDays: ComponentDay[];
  /** Open incidents and maintenance in progress or scheduled for this component. */
  active: ProjectedIncident[];
  updatedAt: Date | null;
}

/** One component for one viewer (`/components/:id`): null when it is unknown or the viewer may not see it (404). */
export async function loadComponentPage(
  deps: DataDeps,
  viewer: Viewer,
  id: string | undefined,
  language?: string,
): Promise<ComponentPageModel | null> {
  if (!id || !ID_PATTERN.test(id)) return null;
  const now = deps.clock.now();
  const settings = await getSettings(deps);
  const windows = dayWindows(now, settings.timeZone, HISTORY_DAYS);
  const since = new Date(windows[0]?.from ?? now.getTime());
  // The same spans as `/`, so the component's status, bar and uptime agree with the front page.
  const spans = (await loadStatusSpans(deps.db, viewer, since, now)).filter((s) => s.componentId === id);
  const tree = await loadComponentTree(deps.db, viewer, { spans, now });
  const found = tree.all.find((c) => c.id === id);
  if (!found) return null;
  const history = componentHistory(found.createdAt, spans, windows, now);
  const incidents = inReaderLanguage(
    settings,
    language,
    await loadIncidents(deps.db, viewer, { componentId: id, since: new Date(since.getTime() - 30 * 86_400_000) }),
  );
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const notableDays = history.days
    .filter((d) => d.incidents.length > 0 || (d.status !== "operational" && d.status !== "none"))
    .map((d) => ({ date: d.date, status: d.status, incidents: d.incidents.flatMap((r) => byId.get(r.id) ?? []) }))
    .reverse();
  const active = incidents.filter((i) => !i.resolvedAt && i.status !== "cancelled" && i.status !== "completed");
  return {
    settings,
    now,
    component: { id: found.id, name: found.name, description: found.description, status: found.status },
    groupName: tree.groups.find((g) => g.id === found.groupId)?.name ?? null,
    history,
    notableDays,
    active,
    updatedAt: lastVisibleChange(spans, active, now),
  };
}
