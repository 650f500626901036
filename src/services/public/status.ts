import type { ComponentStatus } from "../../../db/schema/index.ts";
import type { ProjectedComponent, ProjectedIncident } from "../../projection/index.ts";
import { SEVERITY } from "./uptime.ts";

export type Indicator = "none" | "minor" | "major" | "critical" | "maintenance";

/** The page's overall state, as Statuspage's status.indicator and as our banner key. */
export interface OverallStatus {
  indicator: Indicator;
  /** Statuspage's description strings, kept verbatim for API clients. */
  description: string;
  /** Banner state: the worst component status, or "empty" when the viewer sees no components. */
  state: ComponentStatus | "empty";
}

const IMPACT_RANK: Record<string, number> = { none: 0, minor: 1, major: 2, critical: 3 };
const INDICATOR_OF_STATUS: Record<ComponentStatus, Indicator> = {
  operational: "none",
  under_maintenance: "maintenance",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};
const DESCRIPTION: Record<Indicator, string> = {
  none: "All Systems Operational",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major System Outage",
  maintenance: "Service Under Maintenance",
};

/** Worst of what the viewer may see: component statuses and unresolved incidents' impact. */
export function overallStatus(components: readonly ProjectedComponent[], activeIncidents: readonly ProjectedIncident[]): OverallStatus {
  let worst: ComponentStatus = "operational";
  for (const c of components) if (SEVERITY[c.status] > SEVERITY[worst]) worst = c.status;
  let indicator = INDICATOR_OF_STATUS[worst];
  const impact = activeIncidents.filter((i) => i.kind === "incident").reduce((m, i) => Math.max(m, IMPACT_RANK[i.impact] ?? 0), 0);
  const rank = (x: Indicator) => (x === "maintenance" ? 0.5 : (IMPACT_RANK[x] ?? 0));
  const fromImpact = (["none", "minor", "major", "critical"] as const)[impact] ?? "none";
  if (rank(fromImpact) > rank(indicator)) indicator = fromImpact;
  return { indicator, description: DESCRIPTION[indicator], state: components.length ? worst : "empty" };
}
