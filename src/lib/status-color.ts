/**
 * The colours of status pills outside the public page (emails, chat cards): green when over or
 * operational, blue for maintenance, otherwise by impact or by how bad a component's status is.
 */
const GREEN = "#1f8a4c";
const BLUE = "#2f6fd1";
const IMPACT_COLORS = { none: "#6b7280", minor: "#c27c0e", major: "#d4501c", critical: "#c81e1e" } as const;
const COMPONENT_COLORS: Record<string, string> = {
  operational: GREEN,
  degraded_performance: "#c27c0e",
  partial_outage: "#d4501c",
  major_outage: "#c81e1e",
  under_maintenance: BLUE,
};

/** An incident's or a maintenance's pill: green when over, blue for maintenance, otherwise by impact. */
export function statusColor(incident: { kind: string; impact: string }, status: string): string {
  if (status === "resolved" || status === "completed" || status === "postmortem") return GREEN;
  if (incident.kind === "maintenance") return BLUE;
  return IMPACT_COLORS[incident.impact as keyof typeof IMPACT_COLORS] ?? IMPACT_COLORS.none;
}

/** A component's status as a colour ("#rrggbb"). */
export function componentStatusColor(status: string): string {
  return COMPONENT_COLORS[status] ?? IMPACT_COLORS.none;
}
