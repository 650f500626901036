import type { ComponentStatus } from "../../db/schema/index.ts";
import type { StatusSpan } from "./history.ts";

/**
 * The one status model (src/content/docs/status-model.md). An open incident, a maintenance in
 * progress or a person *holds* a component at a status; a viewer sees the worst hold among those
 * they may see, and every surface words the overall answer from one table.
 */

/** Worst last: the order used for a day's colour, a component's status and the banner. */
export const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const s of statuses) worst = worseStatus(worst, s);
  return worst;
}

/**
 * Each component's status for the viewer whose spans these are: the worst hold not ended by `now`.
 * Spans come from the projection, so a hold the viewer may not see never reaches this function.
 */
export function heldStatuses(spans: readonly StatusSpan[], now: number): Map<string, ComponentStatus> {
  const held = new Map<string, ComponentStatus>();
  for (const s of spans) {
    if (s.to !== null && s.to <= now) continue;
    held.set(s.componentId, worseStatus(held.get(s.componentId) ?? "operational", s.status));
  }
  return held;
}

export type Indicator = "none" | "minor" | "major" | "critical" | "maintenance";

/** The page's overall state: Statuspage's status.indicator, its description, and our one tone. */
export interface OverallStatus {
  indicator: Indicator;
  /** Statuspage's description strings, kept verbatim for API clients. */
  description: string;
  /** The colour and icon of the answer; "empty" when the viewer sees no components. */
  tone: ComponentStatus | "empty";
}

const IMPACT_RANK: Record<string, number> = { none: 0, minor: 1, major: 2, critical: 3 };
const IMPACT_INDICATOR = ["none", "minor", "major", "critical"] as const;

/** The one wording table: every surface words the overall status from this row. */
export const OVERALL_WORDING: Record<Indicator, { description: string; tone: ComponentStatus }> = {
  none: { description: "All Systems Operational", tone: "operational" },
  minor: { description: "Minor Service Outage", tone: "degraded_performance" },
  major: { description: "Partial System Outage", tone: "partial_outage" },
  critical: { description: "Major System Outage", tone: "major_outage" },
  maintenance: { description: "Service Under Maintenance", tone: "under_maintenance" },
};

const INDICATOR_OF_STATUS: Record<ComponentStatus, Indicator> = {
  operational: "none",
  under_maintenance: "maintenance",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

/** Statuspage's rule: the worst component status the viewer sees, raised by unresolved incidents' impact. */
export function overallStatus(
  components: readonly { status: ComponentStatus }[],
  activeIncidents: readonly { kind: string; impact: string }[],
): OverallStatus {
  let indicator = INDICATOR_OF_STATUS[worstStatus(components.map((c) => c.status))];
  const impact = activeIncidents.filter((i) => i.kind === "incident").reduce((m, i) => Math.max(m, IMPACT_RANK[i.impact] ?? 0), 0);
  const rank = (x: Indicator): number => (x === "maintenance" ? 0.5 : (IMPACT_RANK[x] ?? 0));
  const fromImpact = IMPACT_INDICATOR[impact] ?? "none";
  if (rank(fromImpact) > rank(indicator)) indicator = fromImpact;
  const row = OVERALL_WORDING[indicator];
  return { indicator, description: row.description, tone: components.length ? row.tone : "empty" };
}
