import {
  loadComponentTree,
  loadIncidents,
  loadStatusSpans,
  type OverallStatus,
  overallStatus,
  type ProjectedComponent,
  type ProjectedIncident,
  SEVERITY,
  type Viewer,
  worstStatus,
} from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { lastVisibleChange } from "./last-change.ts";
import { inReaderLanguage } from "./reader-language.ts";
import { dayWindows } from "./time.ts";
import { type ComponentHistory, componentHistory, type HistoryDay } from "./uptime.ts";

export const HISTORY_DAYS = 90;
/** How far back `/` lists resolved incidents (Statuspage shows past incidents inline too). */
export const RECENT_DAYS = 7;

export type ComponentWithHistory = ProjectedComponent & ComponentHistory;

export interface StatusPageModel {
  settings: PageSettings;
  now: Date;
  overall: OverallStatus;
  activeIncidents: ProjectedIncident[];
  maintenanceInProgress: ProjectedIncident[];
  maintenanceUpcoming: ProjectedIncident[];
  groups: {
    id: string;
    name: string;
    description: string | null;
    status: ProjectedComponent["status"];
    /** Each day's worst status over the group's components, with all their incidents. */
    days: HistoryDay[];
    /** Starts open: the page is short enough (settings.collapseGroupsAbove), or something in it is not operational. */
    open: boolean;
    components: ComponentWithHistory[];
  }[];
  /** Incidents resolved in the last RECENT_DAYS days, newest first. */
  recentIncidents: ProjectedIncident[];
  ungrouped: ComponentWithHistory[];
  /** When what this viewer sees last changed ("Updated 14:05"); null on an empty page. */
  updatedAt: Date | null;
}

const IN_PROGRESS = ["in_progress", "verifying"];
/** Statuses that end an incident or maintenance (the projection's `active` query leaves these out too). */
const DONE = ["resolved", "postmortem", "completed", "cancelled"];

/** Everything `/` shows, for one viewer: all of it read through the projection. */
/** `language`: the reader's, for the incidents' own words (translated where they have it). */
export async function loadStatusPage(deps: DataDeps, viewer: Viewer, language?: string): Promise<StatusPageModel> {
  const now = deps.clock.now();
  const recentSince = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  // The settings, the spans and the incidents side by side (on a libSQL server, round trips the first
  // render after a write waits for). The spans are read from a day before the first day in any time
  // zone, since the page's zone is not known yet; what lies before the first day is ignored.
  const [settings, spans, loaded] = await Promise.all([
    getSettings(deps),
    // One set of spans feeds the current statuses, the bars and the uptime, so they cannot disagree.
    loadStatusSpans(deps.db, viewer, new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000), now),
    // One read for the open incidents and maintenance and the past days' incidents.
    loadIncidents(deps.db, viewer, { openOrSince: recentSince, limit: 250 }),
  ]);
  const windows = dayWindows(now, settings.timeZone, HISTORY_DAYS);
  const tree = await loadComponentTree(deps.db, viewer, { spans, now });
  const listed = inReaderLanguage(settings, language, loaded);
  const active = listed.filter((i) => !i.resolvedAt && !DONE.includes(i.status)).slice(0, 200);
  const recent = listed.filter((i) => i.kind === "incident" && i.resolvedAt && i.startedAt >= recentSince).slice(0, 50);
  const byComponent = Map.groupBy(spans, (s) => s.componentId);
  const withHistory = (c: ProjectedComponent): ComponentWithHistory => ({
    ...c,
    ...componentHistory(c.createdAt, byComponent.get(c.id) ?? [], windows, now),
  });
  const activeIncidents = active.filter((i) => i.kind === "incident");
  const maintenances = active.filter((i) => i.kind === "maintenance");
  return {
    settings,
    now,
    overall: overallStatus(tree.all, activeIncidents),
    activeIncidents,
    maintenanceInProgress: maintenances.filter((m) => IN_PROGRESS.includes(m.status)),
    maintenanceUpcoming: maintenances
      .filter((m) => m.status === "scheduled")
      .sort((a, b) => (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0)),
    groups: tree.groups.map((g) => {
      const components = g.components.map(withHistory);
      const status = worstStatus(components.map((c) => c.status));
      return {
        id: g.id,
        name: g.name,
        description: g.description,
        status,
        days: groupDays(components.map((c) => c.days)),
        open: tree.all.length <= settings.collapseGroupsAbove || status !== "operational",
        components,
      };
    }),
    recentIncidents: recent,
    ungrouped: tree.ungrouped.map(withHistory),
    updatedAt: lastVisibleChange(spans, active, now),
  };
}

/** The group's bar: per day, the worst status among its components and every incident that touched one. */
export function groupDays(bars: readonly HistoryDay[][]): HistoryDay[] {
  const first = bars[0] ?? [];
  return first.map((day, i) => {
    let status: HistoryDay["status"] = "none";
    let incidents: HistoryDay["incidents"] = [];
    for (const bar of bars) {
      const d = bar[i];
      if (!d) continue;
      if (d.status !== "none" && (status === "none" || SEVERITY[d.status] > SEVERITY[status])) status = d.status;
      for (const ref of d.incidents) if (!incidents.some((x) => x.id === ref.id)) incidents = [...incidents, ref];
    }
    return { date: day.date, status, incidents };
  });
}
