import { describe, expect, it } from "vitest";
import { layout } from "../../src/components/admin/insights/chart.ts";
import { insightHeadline } from "../../src/services/insights/aggregate.ts";
import type { InsightRows } from "../../src/services/insights/load.ts";

const empty = (): InsightRows =>
  ({
    incidents: [],
    updates: [],
    published: new Set(),
    components: [],
    commitments: [],
    votes: [],
    subscribers: [],
    timings: {},
  }) as unknown as InsightRows;

describe("insights figures", () => {
  it("a line breaks where a period has no value (a gap, not a drop to 0)", () => {
    const g = layout({ kind: "line", labels: ["a", "b", "c", "d"], unit: "x", series: [{ name: "l", values: [1, null, 3, 4] }] });
    expect(g.lines[0]?.segments).toHaveLength(2);
    expect(g.lines[0]?.segments[1]?.split(" ")).toHaveLength(2);
  });

  it("headline figures are medians over the window, and empty (not 0) without incidents", () => {
    expect(insightHeadline(empty(), new Date())).toEqual({
      medianFirstUpdateMs: null,
      medianResolveMs: null,
      promises: { kept: 0, due: 0 },
    });
    const t = (min: number) => new Date(Date.UTC(2030, 0, 1, 0, min));
    const rows = empty();
    rows.incidents.push(
      { id: "a", impact: "major", startedAt: t(0), createdAt: t(0), resolvedAt: t(60) },
      { id: "b", impact: "minor", startedAt: t(0), createdAt: t(0), resolvedAt: t(20) },
    );
    const update = (id: string, incidentId: string, at: number) =>
      ({
        id,
        incidentId,
        kind: "update",
        status: "investigating",
        createdAt: t(at),
        displayAt: t(at),
        nextUpdateBy: null,
        retractedAt: null,
      }) as never;
    rows.updates.push(update("u1", "a", 4), update("u2", "b", 10));
    rows.published.add("u1");
    rows.published.add("u2");
    const h = insightHeadline(rows, t(120));
    expect(h.medianFirstUpdateMs).toBe(7 * 60_000);
    expect(h.medianResolveMs).toBe(40 * 60_000);
  });
});
