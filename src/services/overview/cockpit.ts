import type { ComponentStatus } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { loadComponentTree, TEAM } from "../../projection/index.ts";
import { type CommitmentCard, listCommitments } from "../commitments/list.ts";
import { type IncidentSummary, listIncidentsForTeam } from "../incidents/list.ts";
import { listReportGroups, listSignals } from "../intake/queue.ts";
import { listMaintenances, type MaintenanceSummary } from "../maintenances/list.ts";

/** How far ahead the overview shows scheduled maintenance. */
export const UPCOMING_MAINTENANCE_MS = 24 * 3600_000;

export interface Cockpit {
  /** Open incidents, overdue updates first, then the newest. */
  incidents: IncidentSummary[];
  /** Maintenance in progress, then maintenance starting within a day. */
  maintenances: (MaintenanceSummary & { active: boolean })[];
  /** Components the team sees as anything but operational, worst first. */
  components: { id: string; name: string; group: string | null; status: ComponentStatus }[];
  /** What waits in triage: firing alerts and open report groups not yet handled. */
  triage: { alerts: number; reports: number };
  /** Prevention commitments past their due date and not done. */
  overdueCommitments: CommitmentCard[];
}

const SEVERITY: Record<ComponentStatus, number> = {
  major_outage: 0,
  partial_outage: 1,
  degraded_performance: 2,
  under_maintenance: 3,
  operational: 4,
};

/** The console's first screen in the middle of an outage: what is open, what is broken, what waits. */
export async function loadCockpit(deps: Pick<Deps, "db" | "clock">): Promise<Cockpit> {
  const now = deps.clock.now().getTime();
  const [incidents, maintenances, tree, alerts, reports, commitments] = await Promise.all([
    listIncidentsForTeam(deps, { state: "open", limit: 50 }),
    listMaintenances(deps),
    loadComponentTree(deps.db, TEAM),
    listSignals(deps, { state: "open", limit: 500 }),
    listReportGroups(deps, { state: "open", limit: 500 }),
    listCommitments(deps),
  ]);
  const groupName = new Map(tree.groups.map((g) => [g.id, g.name]));
  const activeMaintenance = (m: MaintenanceSummary) => m.status === "in_progress" || m.status === "verifying";
  return {
    incidents,
    maintenances: maintenances
      .filter(
        (m) =>
          activeMaintenance(m) ||
          (m.status === "scheduled" && m.scheduledFor !== null && m.scheduledFor.getTime() - now < UPCOMING_MAINTENANCE_MS),
      )
      .map((m) => ({ ...m, active: activeMaintenance(m) }))
      .sort((a, b) => Number(b.active) - Number(a.active) || (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0)),
    components: tree.all
      .filter((c) => c.status !== "operational")
      .map((c) => ({ id: c.id, name: c.name, group: c.groupId ? (groupName.get(c.groupId) ?? null) : null, status: c.status }))
      .sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status] || a.name.localeCompare(b.name)),
    triage: { alerts: alerts.length, reports: reports.length },
    overdueCommitments: commitments.filter((c) => c.overdue),
  };
}
