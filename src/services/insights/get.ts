import type { Deps } from "../../deps.ts";
import { aggregateInsights, type InsightHeadline, type InsightMetric, type InsightTable, insightHeadline } from "./aggregate.ts";
import { loadInsightRows } from "./load.ts";
import { buckets, type InsightWindow } from "./window.ts";

export interface Insights {
  days: InsightWindow;
  tables: Record<InsightMetric, InsightTable>;
  headline: InsightHeadline;
  /** Milliseconds per dashboard query, reported (not shown: people read the figures, not the timings). */
  timings: Record<string, number>;
}

/** The improvement dashboard over the last `days`. */
export async function getInsights(deps: Pick<Deps, "db" | "clock">, days: InsightWindow): Promise<Insights> {
  const now = deps.clock.now();
  const list = buckets(now, days);
  const since = list[0]?.start ?? now;
  const rows = await loadInsightRows(deps, since);
  const t0 = performance.now();
  const tables = aggregateInsights(rows, list, now);
  return {
    days,
    tables,
    headline: insightHeadline(rows, now),
    timings: { ...rows.timings, aggregate: Math.round((performance.now() - t0) * 10) / 10 },
  };
}

const cell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV of one table; cells that a spreadsheet would run as a formula are defused. */
export function toCsv(table: InsightTable): string {
  return `${[table.columns, ...table.rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
