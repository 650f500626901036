import { loadComponentTree, loadIncidents, type ProjectedComponent, type ProjectedIncident, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { monthKey, shiftMonth, startOfDay } from "./time.ts";

export interface HistoryPageModel {
  settings: PageSettings;
  /** "2026-03": the month shown; stable URL /history?page=2026-03. */
  month: string;
  newer: string | null;
  older: string;
  componentId: string | null;
  components: ProjectedComponent[];
  incidents: ProjectedIncident[];
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Incidents and maintenances of one month (in the page's time zone), optionally for one component. */
export async function loadHistoryPage(
  deps: DataDeps,
  viewer: Viewer,
  query: { page?: string | null; component?: string | null },
): Promise<HistoryPageModel> {
  const settings = await getSettings(deps);
  const current = monthKey(deps.clock.now(), settings.timeZone);
  const month = query.page && MONTH_PATTERN.test(query.page) && query.page <= current ? query.page : current;
  const tree = await loadComponentTree(deps.db, viewer);
  const componentId = tree.all.some((c) => c.id === query.component) ? (query.component as string) : null;
  const since = startOfDay(`${month}-01`, settings.timeZone);
  const until = new Date(startOfDay(`${shiftMonth(month, 1)}-01`, settings.timeZone).getTime() - 1);
  const incidents = (await loadIncidents(deps.db, viewer, { since, until, ...(componentId ? { componentId } : {}) })).filter(
    (i) => i.status !== "cancelled" && (i.scheduledFor ?? i.startedAt) <= until,
  );
  return {
    settings,
    month,
    newer: month < current ? shiftMonth(month, 1) : null,
    older: shiftMonth(month, -1),
    componentId,
    components: tree.all,
    incidents,
  };
}
