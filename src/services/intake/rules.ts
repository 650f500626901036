import type { Impact, LabelMatcher, SignalSeverity } from "../../../db/schema/index.ts";
import { labelPatternMatches } from "./label-pattern.ts";

export interface RuleLike {
  id: string;
  position: number;
  enabled: boolean;
  matchers: LabelMatcher[];
}

function matches(m: LabelMatcher, labels: Record<string, string>): boolean {
  const value = labels[m.label] ?? "";
  if (m.op === "=") return value === m.value;
  if (m.op === "!=") return value !== m.value;
  return labelPatternMatches(m.value, value);
}

/** The first enabled rule (by position, then id) whose every matcher holds; null when none does. */
export function matchRule<R extends RuleLike>(rules: R[], labels: Record<string, string>): R | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  return ordered.find((r) => r.enabled && r.matchers.every((m) => matches(m, labels))) ?? null;
}

const IMPACT_OF: Record<SignalSeverity, Impact> = {
  critical: "critical",
  major: "major",
  minor: "minor",
  warning: "minor",
  info: "none",
};
export function impactFor(severity: SignalSeverity): Impact {
  return IMPACT_OF[severity];
}

/** The flapping guard: automation acts only once the alert has fired for the rule's hold time. */
export function heldLongEnough(firingSince: Date, now: Date, minHoldSeconds: number): boolean {
  return now.getTime() - firingSince.getTime() >= minHoldSeconds * 1000;
}
