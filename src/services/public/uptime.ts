import type { ComponentStatus } from "../../../db/schema/index.ts";
import { SEVERITY, type StatusSpan } from "../../projection/index.ts";
import type { DayWindow } from "./time.ts";

/**
 * How much of a minute in each status counts as downtime (README "Uptime"): a major outage is
 * fully down, a partial outage 30 % (some users affected), degraded performance and
 * maintenance count as up (slow or announced is not down). Statuspage and Instatus weigh it so.
 */
export const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 0,
  under_maintenance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export interface HistoryDay {
  date: string;
  /** Worst status that day, or "none" before the component existed. */
  status: ComponentStatus | "none";
  incidents: readonly { id: string; kind: "incident" | "maintenance"; title: string }[];
}

/** Most days have no incident: they share one empty list. */
const NO_INCIDENTS: HistoryDay["incidents"] = Object.freeze([]);

export interface ComponentHistory {
  days: HistoryDay[];
  /** Percentage over observed time (the window, or since creation), or "new" before a full day of history. */
  uptime: number | "new";
}

/** A component needs one day of history before a percentage means anything. */
export const UPTIME_AFTER_MS = 86_400_000;

/** Worst-status days and weighted uptime for one component over the given day windows. */
export function componentHistory(
  createdAt: Date,
  spans: readonly StatusSpan[],
  windows: readonly DayWindow[],
  now: Date,
): ComponentHistory {
  const born = createdAt.getTime();
  const nowMs = now.getTime();
  const first = windows[0]?.from ?? born;
  const ranges = spans.map((s) => ({ from: s.from, to: s.to ?? nowMs, severity: SEVERITY[s.status], span: s })).filter((r) => r.to > first);
  const days: HistoryDay[] = windows.map((w) => ({ date: w.date, status: w.to <= born ? "none" : "operational", incidents: NO_INCIDENTS }));
  const worst = new Array<number>(windows.length).fill(0);
  // Each span visits only the days it touches (most last hours), not all 90: this runs cold,
  // once per write, where every extra comparison of two timestamps costs an allocation.
  for (const r of ranges) {
    for (let i = firstDayEndingAfter(windows, r.from); i < windows.length; i++) {
      const w = windows[i] as DayWindow;
      if (w.from >= r.to) break;
      const day = days[i] as HistoryDay;
      if (day.status === "none") continue;
      if (r.severity > (worst[i] as number)) {
        worst[i] = r.severity;
        day.status = r.span.status;
      }
      const ref = r.span.incident;
      if (ref && !day.incidents.some((x) => x.id === ref.id)) day.incidents = [...day.incidents, ref];
    }
  }
  const observed = nowMs - born < UPTIME_AFTER_MS ? null : uptime(spans, Math.max(first, born), nowMs);
  return { days, uptime: observed ?? "new" };
}

/** Index of the first window whose end is after `instant` (windows are sorted and contiguous). */
function firstDayEndingAfter(windows: readonly DayWindow[], instant: number): number {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((windows[mid] as DayWindow).to <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Weighted uptime in [windowStart, windowEnd]; overlapping spans count once, at their worst. */
export function uptime(spans: readonly StatusSpan[], windowStart: number, windowEnd: number): number | null {
  const total = windowEnd - windowStart;
  if (total <= 0) return null;
  const edges = new Set<number>([windowStart, windowEnd]);
  const clipped = spans
    .filter((s) => DOWNTIME_WEIGHT[s.status] > 0)
    .map((s) => ({
      from: Math.max(s.from, windowStart),
      to: Math.min(s.to ?? windowEnd, windowEnd),
      w: DOWNTIME_WEIGHT[s.status],
    }))
    .filter((s) => s.to > s.from);
  for (const s of clipped) edges.add(s.from).add(s.to);
  const points = [...edges].sort((a, b) => a - b);
  let down = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    let w = 0;
    for (const s of clipped) if (s.from <= a && s.to >= b && s.w > w) w = s.w;
    down += w * (b - a);
  }
  return Math.max(0, 100 * (1 - down / total));
}
