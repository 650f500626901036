import {
  loadComponentTree,
  loadIncidents,
  loadStatusSpans,
  type OverallStatus,
  overallStatus,
  type ProjectedComponent,
  type ProjectedIncident,
  type Viewer,
  worstStatus,
} from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { lastVisibleChange } from "./last-change.ts";
import { dayWindows } from "./time.ts";
import { type ComponentHistory, componentHistory } from "./uptime.ts";

export const HISTORY_DAYS = 90;

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
    components: ComponentWithHistory[];
  }[];
  ungrouped: ComponentWithHistory[];
  /** When what this viewer sees last changed ("Updated 14:05"); null on an empty page. */
  updatedAt: Date | null;
}

const IN_PROGRESS = ["in_progress", "verifying"];

/** Everything `/` shows, for one viewer: all of it read through the projection. */
export async function loadStatusPage(deps: DataDeps, viewer: Viewer): Promise<StatusPageModel> {
  const now = deps.clock.now();
  const settings = await getSettings(deps);
  const windows = dayWindows(now, settings.timeZone, HISTORY_DAYS);
  const since = new Date(windows[0]?.from ?? now.getTime());
  // One set of spans feeds the current statuses, the bars and the uptime, so they cannot disagree.
  const spans = await loadStatusSpans(deps.db, viewer, since, now);
  const [tree, active] = await Promise.all([
    loadComponentTree(deps.db, viewer, { spans, now }),
    loadIncidents(deps.db, viewer, { active: true, limit: 200 }),
  ]);
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
      return {
        id: g.id,
        name: g.name,
        description: g.description,
        status: worstStatus(components.map((c) => c.status)),
        components,
      };
    }),
    ungrouped: tree.ungrouped.map(withHistory),
    updatedAt: lastVisibleChange(spans, active, now),
  };
}
