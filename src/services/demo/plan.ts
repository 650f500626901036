import type { ComponentStatus, Impact } from "../../../db/schema/index.ts";
import { newId } from "../../lib/ids.ts";
import type { DemoLanguage } from "./translations.ts";

/** One demo incident or maintenance, planned in memory before it is inserted. */
export interface Plan {
  id: string;
  kind: "incident" | "maintenance";
  title: string;
  problem: string;
  impact: Impact;
  status: string;
  active: boolean;
  component: { id: string; name: string };
  componentStatus: ComponentStatus;
  startedAt: number;
  resolvedAt: number | null;
  scheduledFor: number | null;
  scheduledUntil: number | null;
  audience: string | null;
  closure: boolean;
  steps: { status: string; at: number; componentStatus: ComponentStatus }[];
  /** The languages its public words (and Acme's) are translated into; none for most of the demo. */
  languages?: DemoLanguage[];
}

const MIN = 60_000;
const IMPACT_STATUS: Record<Impact, ComponentStatus> = {
  none: "operational",
  minor: "degraded_performance",
  major: "partial_outage",
  critical: "major_outage",
};

export function planIncident(
  random: () => number,
  target: { id: string; name: string },
  startedAt: number,
  problem: string,
  audience: string | null,
  active: boolean,
): Plan {
  const r = random();
  const impact: Impact = r < 0.5 ? "minor" : r < 0.85 ? "major" : "critical";
  const hit = IMPACT_STATUS[impact];
  const gap = () => Math.floor((10 + random() * 50) * MIN);
  const steps: Plan["steps"] = [{ status: "investigating", at: startedAt, componentStatus: hit }];
  if (active) {
    steps.push({ status: "identified", at: startedAt + 10 * MIN, componentStatus: hit });
  } else {
    let at = startedAt;
    for (const status of ["identified", "monitoring", "resolved"]) {
      at += gap();
      const componentStatus = status === "resolved" ? "operational" : status === "monitoring" ? "degraded_performance" : hit;
      steps.push({ status, at, componentStatus });
    }
  }
  const last = steps[steps.length - 1] as Plan["steps"][number];
  return {
    id: newId(),
    kind: "incident",
    title: `${problem} — ${target.name}`,
    problem,
    impact,
    status: active ? "identified" : "resolved",
    active,
    component: target,
    componentStatus: hit,
    startedAt,
    resolvedAt: active ? null : last.at,
    scheduledFor: null,
    scheduledUntil: null,
    audience,
    closure: !active && impact !== "minor",
    steps,
  };
}

export function planMaintenance(
  random: () => number,
  target: { id: string; name: string },
  start: number,
  status: "completed" | "in_progress" | "scheduled",
): Plan {
  const until = start + Math.floor((1 + random() * 2) * 60 * MIN);
  const announced = start - 3 * 86_400_000;
  const steps: Plan["steps"] = [{ status: "scheduled", at: announced, componentStatus: "operational" }];
  if (status !== "scheduled") steps.push({ status: "in_progress", at: start, componentStatus: "under_maintenance" });
  if (status === "completed") {
    steps.push({ status: "verifying", at: until - 10 * MIN, componentStatus: "under_maintenance" });
    steps.push({ status: "completed", at: until, componentStatus: "operational" });
  }
  return {
    id: newId(),
    kind: "maintenance",
    title: `Planned maintenance: ${target.name}`,
    problem: "maintenance",
    impact: "none",
    status,
    active: status !== "completed",
    component: target,
    componentStatus: "under_maintenance",
    startedAt: status === "scheduled" ? announced : start,
    resolvedAt: status === "completed" ? until : null,
    scheduledFor: start,
    scheduledUntil: until,
    audience: null,
    closure: false,
    steps,
  };
}
