import { IMPACTS } from "../../../db/schema/index.ts";
import { feedbackScore, type IncidentTimeline, median, promisesKept, timeToFirstPublicUpdate, timeToResolve } from "../reviews/metrics.ts";
import type { InsightRows } from "./load.ts";
import { type Bucket, bucketOf } from "./window.ts";

export interface ChartSpec {
  kind: "stacked" | "grouped" | "line";
  /** One label per x position. */
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  unit: string;
}

export interface InsightTable {
  metric: string;
  title: string;
  summary: string;
  columns: string[];
  rows: (string | number | null)[][];
  chart: ChartSpec;
}

export const METRICS = ["impact", "components", "response", "promises", "commitments", "feedback", "subscribers"] as const;
export type InsightMetric = (typeof METRICS)[number];

const MIN = 60_000;
const IMPACT_WORDS: Record<(typeof IMPACTS)[number], string> = { none: "No impact", minor: "Minor", major: "Major", critical: "Critical" };
const round = (n: number | null, digits = 0) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const pct = (n: number | null) => (n === null ? null : Math.round(n * 100));
const per = <T>(list: Bucket[], items: T[], at: (t: T) => Date | null): T[][] => {
  const out: T[][] = list.map(() => []);
  for (const item of items) {
    const when = at(item);
    const i = when ? bucketOf(list, when) : -1;
    if (i >= 0) out[i]?.push(item);
  }
  return out;
};

/** The window's three headline figures; null where there is nothing to measure (shown as a gap, never 0). */
export interface InsightHeadline {
  medianFirstUpdateMs: number | null;
  medianResolveMs: number | null;
  promises: { kept: number; due: number };
}

export function insightHeadline(rows: InsightRows, now: Date): InsightHeadline {
  const all = [...timelinesOf(rows).values()];
  const reports = all.map((t) => promisesKept(t, now));
  const kept = reports.reduce((s, r) => s + r.kept, 0);
  return {
    medianFirstUpdateMs: median(all.map(timeToFirstPublicUpdate).filter((v): v is number => v !== null)),
    medianResolveMs: median(all.map(timeToResolve).filter((v): v is number => v !== null)),
    promises: { kept, due: kept + reports.reduce((s, r) => s + r.late.length, 0) },
  };
}

function timelinesOf(rows: InsightRows): Map<string, IncidentTimeline> {
  const timelines = new Map<string, IncidentTimeline>();
  for (const i of rows.incidents)
    timelines.set(i.id, {
      startedAt: i.startedAt,
      createdAt: i.createdAt,
      resolvedAt: i.resolvedAt,
      acknowledgedAt: null,
      firstTeamActionAt: null,
      updates: [],
    });
  for (const u of rows.updates)
    if (!u.retractedAt) timelines.get(u.incidentId)?.updates.push({ ...u, published: rows.published.has(u.id) });
  return timelines;
}

/** Every dashboard table from the raw rows: pure, so the page, the CSV and the tests agree. */
export function aggregateInsights(rows: InsightRows, list: Bucket[], now: Date): Record<InsightMetric, InsightTable> {
  const labels = list.map((b) => b.label);
  const timelines = timelinesOf(rows);
  const byBucket = per(list, rows.incidents, (i) => i.startedAt);

  const impactRows = byBucket.map((b, k) => [labels[k] as string, ...IMPACTS.map((imp) => b.filter((i) => i.impact === imp).length)]);
  const response = byBucket.map((b, k) => {
    const t = b.map((i) => timelines.get(i.id) as IncidentTimeline);
    const first = median(t.map(timeToFirstPublicUpdate).filter((v): v is number => v !== null));
    const resolve = median(t.map(timeToResolve).filter((v): v is number => v !== null));
    return [labels[k] as string, round(first === null ? null : first / MIN, 1), round(resolve === null ? null : resolve / MIN, 1)];
  });
  const allPromises = [0, 0];
  const promiseRows = byBucket.map((b, k) => {
    const reports = b.map((i) => promisesKept(timelines.get(i.id) as IncidentTimeline, now));
    const kept = reports.reduce((s, r) => s + r.kept, 0);
    const late = reports.reduce((s, r) => s + r.late.length, 0);
    allPromises[0] += kept;
    allPromises[1] += kept + late;
    return [labels[k] as string, kept + late, kept, late, kept + late ? pct(kept / (kept + late)) : null];
  });

  const nowMs = now.getTime();
  const open = rows.commitments.filter((c) => c.state === "planned" || c.state === "in_progress");
  const overdue = open.filter((c) => c.dueAt && c.dueAt.getTime() < nowMs).length;
  const created = per(list, rows.commitments, (c) => c.createdAt);
  const done = per(
    list,
    rows.commitments.filter((c) => c.state === "done"),
    (c) => c.stateChangedAt,
  );
  const commitmentRows = labels.map((l, k) => [l, created[k]?.length ?? 0, done[k]?.length ?? 0]);

  const votes = per(list, rows.votes, (v) => v.createdAt).map((b) => feedbackScore(b));
  const feedbackRows = votes.map((s, k) => [labels[k] as string, s.votes, pct(s.helpfulRate), round(s.averageRating, 2)]);
  const overall = feedbackScore(rows.votes);

  const joined = per(list, rows.subscribers, (s) => s.confirmedAt);
  const left = per(list, rows.subscribers, (s) => s.unsubscribedAt ?? s.suppressedAt);
  const leftAt = (s: (typeof rows.subscribers)[number]) => (s.unsubscribedAt ?? s.suppressedAt)?.getTime() ?? Number.POSITIVE_INFINITY;
  const activeAt = (t: number) =>
    rows.subscribers.filter((s) => (s.confirmedAt?.getTime() ?? Number.POSITIVE_INFINITY) < t && leftAt(s) >= t).length;
  const subscriberRows = labels.map((l, k) => [
    l,
    joined[k]?.length ?? 0,
    left[k]?.length ?? 0,
    activeAt((list[k] as Bucket).end.getTime()),
  ]);

  const col = (table: (string | number | null)[][], i: number) => table.map((r) => (typeof r[i] === "number" ? (r[i] as number) : null));
  return {
    impact: {
      metric: "impact",
      title: "Incidents by impact",
      summary: `${rows.incidents.length} incidents in the window.`,
      columns: ["period", ...IMPACTS],
      rows: impactRows,
      chart: {
        kind: "stacked",
        labels,
        unit: "incidents",
        series: IMPACTS.map((imp, i) => ({ name: IMPACT_WORDS[imp], values: col(impactRows, i + 1) })),
      },
    },
    components: {
      metric: "components",
      title: "Incidents by component",
      summary: rows.components.length ? `Most affected: ${rows.components[0]?.name}.` : "No component was affected.",
      columns: ["component", "incidents"],
      rows: rows.components.map((c) => [c.name, c.n]),
      chart: {
        kind: "grouped",
        labels: rows.components.slice(0, 12).map((c) => c.name),
        unit: "incidents",
        series: [{ name: "incidents", values: rows.components.slice(0, 12).map((c) => c.n) }],
      },
    },
    response: {
      metric: "response",
      title: "Median time to first public update and to resolve",
      summary: "Minutes, per period in which incidents started; backfilled incidents count only towards time to resolve.",
      columns: ["period", "median minutes to first update", "median minutes to resolve"],
      rows: response,
      chart: {
        kind: "line",
        labels,
        unit: "minutes",
        series: [
          { name: "to first update", values: col(response, 1) },
          { name: "to resolve", values: col(response, 2) },
        ],
      },
    },
    promises: {
      metric: "promises",
      title: "Update promises kept",
      summary: allPromises[1]
        ? `${Math.round(((allPromises[0] ?? 0) / allPromises[1]) * 100)}% of ${allPromises[1]} due promises kept.`
        : "No promises came due.",
      columns: ["period", "promises due", "kept", "late", "kept %"],
      rows: promiseRows,
      chart: { kind: "line", labels, unit: "% kept", series: [{ name: "kept %", values: col(promiseRows, 4) }] },
    },
    commitments: {
      metric: "commitments",
      title: "Prevention commitments",
      summary: `${open.length} open, ${overdue} overdue, ${rows.commitments.filter((c) => c.state === "done").length} done.`,
      columns: ["period", "made", "done"],
      rows: commitmentRows,
      chart: {
        kind: "grouped",
        labels,
        unit: "commitments",
        series: [
          { name: "made", values: col(commitmentRows, 1) },
          { name: "done", values: col(commitmentRows, 2) },
        ],
      },
    },
    feedback: {
      metric: "feedback",
      title: "Stakeholder feedback",
      summary: overall.votes
        ? `${pct(overall.helpfulRate) ?? "—"}% helpful of ${overall.helpful + overall.notHelpful} votes; average rating ${round(overall.averageRating, 1) ?? "—"} / 5.`
        : "No feedback in the window.",
      columns: ["period", "votes", "helpful %", "average rating"],
      rows: feedbackRows,
      chart: { kind: "line", labels, unit: "% helpful", series: [{ name: "helpful %", values: col(feedbackRows, 2) }] },
    },
    subscribers: {
      metric: "subscribers",
      title: "Subscriber growth and churn",
      summary: `${activeAt(nowMs + 1)} active subscribers now.`,
      columns: ["period", "joined", "left", "active at end"],
      rows: subscriberRows,
      chart: {
        kind: "grouped",
        labels,
        unit: "subscribers",
        series: [
          { name: "joined", values: col(subscriberRows, 1) },
          { name: "left", values: col(subscriberRows, 2) },
        ],
      },
    },
  };
}
