import { loadComponentTree, loadIncidents, type ProjectedComponent, type ProjectedIncident, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { inReaderLanguage } from "./reader-language.ts";
import { monthKey, shiftMonth, startOfDay } from "./time.ts";

export interface HistoryPageModel {
  settings: PageSettings;
  /** "2026-03": the month shown; stable URL /history?page=2026-03. */
  month: string;
  newer: string | null;
  older: string;
  componentId: string | null;
  /** The type and impact filters in force (null: all). */
  type: HistoryType | null;
  impact: HistoryImpact | null;
  components: ProjectedComponent[];
  incidents: ProjectedIncident[];
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const HISTORY_TYPES = ["incident", "maintenance"] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];
export const HISTORY_IMPACTS = ["none", "minor", "major", "critical"] as const;
export type HistoryImpact = (typeof HISTORY_IMPACTS)[number];
export const HISTORY_TYPE_PATTERN = /^(incident|maintenance)$/;
export const HISTORY_IMPACT_PATTERN = /^(none|minor|major|critical)$/;

/** Incidents and maintenances of one month (in the page's time zone), optionally for one component. */
export async function loadHistoryPage(
  deps: DataDeps,
  viewer: Viewer,
  query: { page?: string | null; component?: string | null; type?: string | null; impact?: string | null },
  language?: string,
): Promise<HistoryPageModel> {
  const settings = await getSettings(deps);
  const current = monthKey(deps.clock.now(), settings.timeZone);
  const month = query.page && MONTH_PATTERN.test(query.page) && query.page <= current ? query.page : current;
  const tree = await loadComponentTree(deps.db, viewer);
  const componentId = tree.all.some((c) => c.id === query.component) ? (query.component as string) : null;
  const since = startOfDay(`${month}-01`, settings.timeZone);
  const until = new Date(startOfDay(`${shiftMonth(month, 1)}-01`, settings.timeZone).getTime() - 1);
  const type = HISTORY_TYPES.find((x) => x === query.type) ?? null;
  const impact = HISTORY_IMPACTS.find((x) => x === query.impact) ?? null;
  const now = deps.clock.now();
  const incidents = inReaderLanguage(
    settings,
    language,
    (
      await loadIncidents(deps.db, viewer, { since, until, ...(componentId ? { componentId } : {}), ...(type ? { kind: type } : {}) })
    ).filter(
      (i) =>
        i.status !== "cancelled" &&
        (i.scheduledFor ?? i.startedAt) <= until &&
        // Maintenance that has not started is not history: `/` lists it under "Upcoming maintenance".
        !(i.kind === "maintenance" && (i.status === "scheduled" || (i.scheduledFor ?? i.startedAt) > now)) &&
        // Impact belongs to incidents; filtering by it leaves maintenance out.
        (!impact || (i.kind === "incident" && i.impact === impact)),
    ),
  );
  return {
    settings,
    month,
    newer: month < current ? shiftMonth(month, 1) : null,
    older: shiftMonth(month, -1),
    componentId,
    type,
    impact,
    components: tree.all,
    incidents,
  };
}
